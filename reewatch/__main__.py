from reewatch.interfaces.cli import main

main()
