from shopreel.cli import main

main()
