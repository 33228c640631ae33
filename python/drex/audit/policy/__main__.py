"""``python -m drex.audit.policy``: rewrite the packaged expected-roles policy from the deployment plan."""

from drex.audit.policy import main

if __name__ == "__main__":  # importing this module (pkgutil.walk_packages, doctest collection) writes nothing
    main()
