"""The desk on duty: the lowest step into support. Opening hours, the live queue and chats
with the person on duty, and messages left for staff outside hours."""
