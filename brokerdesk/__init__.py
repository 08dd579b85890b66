"""BrokerDesk: assessment, reports and sync for brokers who help SMEs go international."""

__version__ = "0.1.0"
