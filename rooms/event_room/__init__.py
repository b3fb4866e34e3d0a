"""The live room of an event occurrence (issue 13, items 3-5 and 7): who is in, the hand
queue, the floor, the chat mode, pause, tables. Pure and in memory: no network, no database;
the /event namespace (server/realtime/event.py) feeds it admissions and sends its emits."""
