import sys

from gdfig.cli import main

sys.exit(main())
