from asm_ls.cli import main

raise SystemExit(main())
