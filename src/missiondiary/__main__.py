from missiondiary.cli import main

main()
