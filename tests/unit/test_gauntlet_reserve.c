/* Per-CPU reservations: exclusive between holders, all or nothing, and
 * gone when the holder dies. */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "host/gauntlet/reserve.h"
#include "tests/unit/tu.h"

TU_TEST(reserve_is_exclusive_and_all_or_nothing)
{
	struct reserve a, b, c;
	char dir[256], err[300];

	snprintf(dir, sizeof(dir), "%s/cpulocks", tu_tmpdir());
	TU_EQ_INT(reserve_take(dir, 4, 3, &a, err, sizeof(err)), 0);
	TU_CHECK(CPU_ISSET(0, &a.cpus) && CPU_ISSET(2, &a.cpus) && !CPU_ISSET(3, &a.cpus));
	TU_EQ_INT(reserve_take(dir, 4, 2, &b, err, sizeof(err)), 1); /* busy */
	TU_EQ_INT(b.n, 0);
	TU_EQ_INT(reserve_take(dir, 4, 1, &c, err, sizeof(err)), 0); /* the failed try kept nothing */
	TU_CHECK(CPU_ISSET(3, &c.cpus) && CPU_COUNT(&c.cpus) == 1);
	reserve_drop(&a);
	TU_EQ_INT(reserve_take(dir, 4, 3, &b, err, sizeof(err)), 0);
	TU_CHECK(!CPU_ISSET(3, &b.cpus));
	reserve_drop(&b);
	reserve_drop(&c);
}

TU_TEST(reserve_dies_with_its_holder)
{
	struct reserve a;
	char dir[256], err[300];
	int p[2], st;
	pid_t pid;
	char x;

	snprintf(dir, sizeof(dir), "%s/cpulocks2", tu_tmpdir());
	TU_EQ_INT(pipe(p), 0);
	pid = fork();
	if (pid == 0) {
		struct reserve r;

		if (reserve_take(dir, 2, 2, &r, err, sizeof(err)))
			_exit(1);
		if (write(p[1], "x", 1) != 1)
			_exit(1);
		pause(); /* killed holding both */
		_exit(0);
	}
	TU_EQ_INT(read(p[0], &x, 1), 1);
	TU_EQ_INT(reserve_take(dir, 2, 1, &a, err, sizeof(err)), 1);
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
	TU_EQ_INT(reserve_take(dir, 2, 2, &a, err, sizeof(err)), 0);
	reserve_drop(&a);
	close(p[0]);
	close(p[1]);
}

TU_TEST(reserve_says_why_the_directory_is_unusable)
{
	struct reserve a;
	char err[300];

	TU_EQ_INT(reserve_take("/proc/ktsrun-no/such", 2, 1, &a, err, sizeof(err)), -1);
	TU_CHECK(strstr(err, "cannot create the CPU lock directory") != NULL);
}
