# SPDX-License-Identifier: GPL-2.0-or-later
# testuser.sh - sourced by the shell tests that run a command as an
# ordinary user, as the guide asks: a user the test suite creates, not
# "nobody" (whose home and shell are not a user's).  Not run on its own.
#
# testuser_init: when we are root and useradd and setpriv exist, makes
#   sure the account $TESTUSER (fks-tester; override with FKS_TESTUSER)
#   exists, with its own home under /var/tmp, and sets
#     $asuser   the command prefix that runs as that user, with its
#               groups cleared and a clean HOME (setpriv ... env HOME=...);
#     $testuid  its uid, $testhome its home.
#   Returns 1 (and says why on stdout) when that cannot be done: not
#   root, no useradd or setpriv; the caller then skips with that reason.
#   The account is kept for later runs (useradd is slow and racy under a
#   parallel make); nothing of it is secret, it has no password.
# asuser_can_run FILE: true when the test user can execute FILE (every
#   directory on its path open to others); a build in /root is not.
TESTUSER=${FKS_TESTUSER:-fks-tester}

testuser_init() {
	if [ "$(id -u)" != 0 ]; then
		echo "not root: cannot create a test user"
		return 1
	fi
	for t in useradd setpriv; do
		command -v $t >/dev/null 2>&1 || {
			echo "no $t: cannot run as a test user"
			return 1
		}
	done
	testhome=/var/tmp/$TESTUSER
	if ! id -u "$TESTUSER" >/dev/null 2>&1; then
		# two tests may race to create it: the loser finds it made
		useradd --home-dir "$testhome" --create-home --shell /bin/sh \
		    --user-group "$TESTUSER" >/dev/null 2>&1 ||
		    id -u "$TESTUSER" >/dev/null 2>&1 || {
			echo "useradd $TESTUSER failed"
			return 1
		}
	fi
	testuid=$(id -u "$TESTUSER")
	testgid=$(id -g "$TESTUSER")
	mkdir -p "$testhome" && chown "$testuid:$testgid" "$testhome"
	asuser="setpriv --reuid $testuid --regid $testgid --init-groups env HOME=$testhome USER=$TESTUSER LOGNAME=$TESTUSER"
	return 0
}

asuser_can_run() {
	$asuser test -x "$1" 2>/dev/null
}
