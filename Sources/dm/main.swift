import EventStore

print("dm")
