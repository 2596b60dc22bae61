"""What every ZGW API of Loket shares: authentication, errors (Fout), pagination, URL references."""
