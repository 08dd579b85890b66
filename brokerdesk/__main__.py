from brokerdesk.cli import main

raise SystemExit(main())
