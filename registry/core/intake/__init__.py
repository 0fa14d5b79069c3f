"""Reading what centres type into spreadsheets: files (XLSX, CSV in the encodings Excel writes), text as people type
it (NFC, invisible characters, Burmese in the Zawgyi encoding) and dates in the forms found in the field (Excel
serials, ISO, DD/MM/YYYY, Buddhist-era years).

Pure: no Flask, no database. Each reader says what it read and what it changed, so a page can show the value as
read beside any correction.
"""
