/// The EventStore layer: the hash-chained ledger and its primitives.
public enum EventStoreModule {}
