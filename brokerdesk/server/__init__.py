"""The central BrokerDesk server: accounts, the case store and its change feed, over HTTP."""
