from brokerdesk.server.cli import main

raise SystemExit(main())
