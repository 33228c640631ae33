"""``python -m drex.audit.policy``: rewrite the packaged expected-roles policy from the deployment plan."""

from drex.audit.policy import main

main()
