# The part of boto3 1.44 the registry uses (registry/infra/file_store.py): an S3 client, used as Any.
from typing import Any

def client(service_name: str, **kwargs: Any) -> Any: ...
