from asm_ls.cli.main import main

raise SystemExit(main())
