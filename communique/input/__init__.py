"""Input: bytes from a file, a pipe or a web page turned into clean text and its metadata (``sources``)."""
