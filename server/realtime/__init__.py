"""Socket.IO: thin namespaces over the domain, a payload protocol, and the broadcaster."""
