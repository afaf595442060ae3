/* The opcode list, defined once. Included with X() defined to build the enum,
 * the name table, the operand layouts, the verifier's rules and the
 * disassembler.
 *
 *   X(NAME, LAYOUT, WHERE, POP, PUSH, ENUM, doc)
 *
 * LAYOUT: one letter per operand, in order (all little endian):
 *   c  u16 cgroup id, declared earlier by CG_BEGIN
 *   C  u16 cgroup id or BC_ALL (0xffff: every cgroup)
 *   p  u16 parent cgroup id or BC_ROOT (0xffff: the scenario's root)
 *   s  u16 pool index of a string
 *   n  u16 pool index of a number (int or float), no unit
 *   d  u16 pool index of a number: a duration in nanoseconds
 *   z  u16 pool index of a number: a size in bytes
 *   f  u16 pool index of a number: a fraction (0.5 = 50%)
 *   e  u8  enum value from the op's ENUM table (see bc_tables.h)
 *   t  u16 step index (0-based, < number of steps) or BC_NONE (whole run)
 *   w  u16 worker index or BC_NONE (aggregate over workers)
 * WHERE: the parts of a program an op may appear in (BC_W_* bits, bc.h).
 * POP, PUSH: expression stack effect (only ops of REQ and CLAIM blocks).
 */
/* clang-format off */
/* program structure */
X(SCENARIO,      "ss",   BC_W_HEAD, 0, 0, NONE,  "name, description: always the first op")
X(END,           "",     BC_W_TOP,  0, 0, NONE,  "end of program: always the last op")
/* metadata */
X(DURATION,      "d",    BC_W_META, 0, 0, NONE,  "length of the measured run")
X(SETTLE,        "d",    BC_W_META, 0, 0, NONE,  "time after workers start before step 1")
X(WATCHDOG,      "d",    BC_W_META, 0, 0, NONE,  "abort the run after this long")
X(TAG,           "s",    BC_W_META, 0, 0, NONE,  "a tag for selection and reports")
X(TOPOLOGY,      "s",    BC_W_META, 0, 0, NONE,  "default topology spec, e.g. 1n2l2c2t")
X(GAUNTLET,      "s",    BC_W_META, 0, 0, NONE,  "a gauntlet preset or tag that applies")
X(PARAM,         "sn",   BC_W_META, 0, 0, NONE,  "name, value of a parameter (for reports)")
X(PARAM_STR,     "ss",   BC_W_META, 0, 0, NONE,  "name, value of a string parameter")
X(SCHED,         "ss",   BC_W_META, 0, 0, NONE,  "scheduler to load (name, args)")
X(CHECK,         "en",   BC_W_META, 0, 0, CHECK, "threshold of a default check (unit per check)")
X(CHECK_OFF,     "e",    BC_W_META, 0, 0, CHECK, "turn a default check off")
/* requires: REQ_BEGIN, expression ops leaving one truth value, REQ_END */
X(REQ_BEGIN,     "s",    BC_W_META, 0, 0, NONE,  "start a topology condition; its source text")
X(REQ_END,       "",     BC_W_EXPR, 1, 0, NONE,  "pop: unmet means skip with the text as reason")
/* cgroups: CG_BEGIN, settings, CG_END creates it and starts its workers */
X(CG_BEGIN,      "cpse", BC_W_CGDEF,0, 0, CGF,   "id, parent, name, flags: declare a cgroup")
X(CG_END,        "c",    BC_W_CG,   0, 0, NONE,  "create the cgroup and start its workers")
X(WORKERS,       "cn",   BC_W_SET,  0, 0, NONE,  "worker count")
X(WORKERS_SHARE, "cf",   BC_W_SET,  0, 0, NONE,  "workers as a share of the cgroup's CPUs")
X(WORK,          "ce",   BC_W_SET,  0, 0, WORK,  "work type")
X(WORK_ARG,      "cen",  BC_W_SET,  0, 0, WPARAM,"work parameter of the last work or phase")
X(WORK_PHASE,    "ced",  BC_W_SET,  0, 0, WORK,  "append a phase to a sequence: type, length")
X(CPUSET_LLC,    "cn",   BC_W_SETOP,0, 0, NONE,  "cpuset.cpus = the CPUs of LLC i")
X(CPUSET_NODE,   "cn",   BC_W_SETOP,0, 0, NONE,  "cpuset.cpus = the CPUs of NUMA node i")
X(CPUSET_RANGE,  "cff",  BC_W_SETOP,0, 0, NONE,  "cpuset.cpus = CPUs from fraction lo to hi")
X(CPUSET_DISJOINT,"cnn", BC_W_SETOP,0, 0, NONE,  "cpuset.cpus = part i of n disjoint parts")
X(CPUSET_OVERLAP,"cnnf", BC_W_SETOP,0, 0, NONE,  "part i of n, widened to overlap neighbours by f")
X(CPUSET_LIST,   "cs",   BC_W_SETOP,0, 0, NONE,  "cpuset.cpus = an exact CPU list")
X(MEMS_NODE,     "cn",   BC_W_SETOP,0, 0, NONE,  "cpuset.mems = NUMA node i")
X(MEMS_LIST,     "cs",   BC_W_SETOP,0, 0, NONE,  "cpuset.mems = an exact node list")
X(AFFINITY,      "ce",   BC_W_SETOP,0, 0, AFF,   "worker affinity by kind")
X(AFFINITY_RANDOM,"cn",  BC_W_SETOP,0, 0, NONE,  "worker affinity: a random subset of n CPUs")
X(AFFINITY_LIST, "cs",   BC_W_SETOP,0, 0, NONE,  "worker affinity: an exact CPU list")
X(NICE,          "cn",   BC_W_SETOP,0, 0, NONE,  "nice value of the workers (-20..19)")
X(POLICY,        "cen",  BC_W_SETOP,0, 0, POLICY,"scheduling policy and priority (0 unless fifo/rr)")
X(CPU_WEIGHT,    "cn",   BC_W_SETOP,0, 0, NONE,  "cpu.weight (1..10000)")
X(CPU_MAX,       "cdd",  BC_W_SETOP,0, 0, NONE,  "cpu.max quota, period")
X(MEMORY,        "cez",  BC_W_SETOP,0, 0, MEM,   "memory.max/high/low in bytes")
X(PIDS_MAX,      "cn",   BC_W_SETOP,0, 0, NONE,  "pids.max")
X(COMM,          "cs",   BC_W_SETOP,0, 0, NONE,  "workers' comm (task name)")
/* steps: STEP_FRAC or STEP_TIME, ops, STEP_END; with every > 0 the ops repeat */
X(STEP_FRAC,     "fd",   BC_W_STEPS,0, 0, NONE,  "begin a step held for a fraction of the duration; every (0: once)")
X(STEP_TIME,     "dd",   BC_W_STEPS,0, 0, NONE,  "begin a step held for a fixed time; every (0: once)")
X(STEP_END,      "",     BC_W_STEP, 0, 0, NONE,  "end of the step's ops; hold until its time is up")
X(CG_REMOVE,     "c",    BC_W_STEP, 0, 0, NONE,  "stop the cgroup's workers and remove it")
X(CPUSET_CLEAR,  "c",    BC_W_STEP, 0, 0, NONE,  "cpuset.cpus = inherit from the parent")
X(CPUSET_SWAP,   "cc",   BC_W_STEP, 0, 0, NONE,  "exchange two cgroups' cpusets")
X(SPAWN,         "cn",   BC_W_STEP, 0, 0, NONE,  "start n more workers in the cgroup")
X(STOP,          "cn",   BC_W_STEP, 0, 0, NONE,  "stop n of the cgroup's workers (newest first)")
X(STOP_ALL,      "c",    BC_W_STEP, 0, 0, NONE,  "stop all of the cgroup's workers")
X(MOVE,          "cc",   BC_W_STEP, 0, 0, NONE,  "move every task of the first cgroup to the second")
X(FREEZE,        "c",    BC_W_STEP, 0, 0, NONE,  "cgroup.freeze = 1")
X(UNFREEZE,      "c",    BC_W_STEP, 0, 0, NONE,  "cgroup.freeze = 0")
X(SIGNAL,        "ce",   BC_W_STEP, 0, 0, SIG,   "send a signal to every worker of the cgroup")
X(SNAPSHOT,      "s",    BC_W_STEP, 0, 0, NONE,  "record a named telemetry snapshot")
X(SCHED_ATTACH,  "",     BC_W_STEP, 0, 0, NONE,  "load the scenario's scheduler")
X(SCHED_DETACH,  "",     BC_W_STEP, 0, 0, NONE,  "unload it (back to the default scheduler)")
X(SCHED_RESTART, "",     BC_W_STEP, 0, 0, NONE,  "unload and load it again")
X(SCHED_REPLACE, "ss",   BC_W_STEP, 0, 0, NONE,  "unload it and load another (name, args)")
X(SYSCTL,        "ss",   BC_W_STEP, 0, 0, NONE,  "write a sysctl (dotted name, value)")
X(KNOB_WRITE,    "ss",   BC_W_STEP, 0, 0, NONE,  "write a kernel knob file (path, value)")
X(KNOB_READ,     "s",    BC_W_STEP, 0, 0, NONE,  "read a kernel knob file into the telemetry")
X(WAIT,          "d",    BC_W_STEP, 0, 0, NONE,  "pause before the next op of the step")
/* claims: CLAIM_BEGIN, expression ops leaving one truth value, CLAIM_END */
X(CLAIM_BEGIN,   "s",    BC_W_CLAIMS,0,0, NONE,  "start a claim; its source text")
X(CLAIM_END,     "",     BC_W_EXPR, 1, 0, NONE,  "pop: false fails the claim")
X(EXPECT_FAIL,   "es",   BC_W_CLAIMS,0,0, FAIL,  "the scheduler must fail this way, message matching")
/* expression ops (stack machine of doubles; truth is 0 or 1) */
X(PUSH,          "n",    BC_W_EXPR, 0, 1, NONE,  "push a plain number")
X(PUSH_DUR,      "d",    BC_W_EXPR, 0, 1, NONE,  "push a duration (ns)")
X(PUSH_SIZE,     "z",    BC_W_EXPR, 0, 1, NONE,  "push a size (bytes)")
X(PUSH_FRAC,     "f",    BC_W_EXPR, 0, 1, NONE,  "push a fraction")
X(TOPO,          "e",    BC_W_EXPR, 0, 1, TOPO,  "push a fact of the topology (requirements and claims)")
X(METRIC,        "Cetw", BC_W_CLAIM,0, 1, METRIC,"push a metric of this run")
X(BASE_METRIC,   "Cetw", BC_W_CLAIM,0, 1, METRIC,"push the metric of the baseline run (default scheduler)")
X(MON_METRIC,    "et",   BC_W_CLAIM,0, 1, MON,   "push a monitor finding over a step or the run")
X(MON_CLEAN,     "",     BC_W_CLAIM,0, 1, NONE,  "push 1 if the monitor found nothing")
X(ADD,           "",     BC_W_EXPR, 2, 1, NONE,  "a + b")
X(SUB,           "",     BC_W_EXPR, 2, 1, NONE,  "a - b")
X(MUL,           "",     BC_W_EXPR, 2, 1, NONE,  "a * b")
X(DIV,           "",     BC_W_EXPR, 2, 1, NONE,  "a / b (NaN when b is 0, which fails FINITE)")
X(NEG,           "",     BC_W_EXPR, 1, 1, NONE,  "-a")
X(MIN,           "",     BC_W_EXPR, 2, 1, NONE,  "the smaller of a and b")
X(MAX,           "",     BC_W_EXPR, 2, 1, NONE,  "the larger of a and b")
X(ABS,           "",     BC_W_EXPR, 1, 1, NONE,  "|a|")
X(LT,            "",     BC_W_EXPR, 2, 1, NONE,  "a < b")
X(LE,            "",     BC_W_EXPR, 2, 1, NONE,  "a <= b")
X(GT,            "",     BC_W_EXPR, 2, 1, NONE,  "a > b")
X(GE,            "",     BC_W_EXPR, 2, 1, NONE,  "a >= b")
X(EQ,            "",     BC_W_EXPR, 2, 1, NONE,  "a == b")
X(NE,            "",     BC_W_EXPR, 2, 1, NONE,  "a != b")
X(BETWEEN,       "",     BC_W_EXPR, 3, 1, NONE,  "lo <= a <= hi (pushed a, lo, hi)")
X(NEAR,          "",     BC_W_EXPR, 3, 1, NONE,  "|a - b| <= tol * |b| (pushed a, b, tol)")
X(FINITE,        "",     BC_W_EXPR, 1, 1, NONE,  "a is neither NaN nor infinite")
/* payloads (work exec): appended in 2.1 */
X(WORK_ARGV,     "cs",   BC_W_SET,  0, 0, NONE,  "append an argument to work exec's argv (argv[0]: the program)")
X(WORK_METRIC,   "css",  BC_W_SET,  0, 0, NONE,  "a payload metric: name, POSIX extended regex whose group 1 is the value")
X(PAY_METRIC,    "Cs",   BC_W_CLAIM,0, 1, NONE,  "push a payload metric of this run (name)")
X(BASE_PAY_METRIC,"Cs",  BC_W_CLAIM,0, 1, NONE,  "push the payload metric of the baseline run")
/* appended in 2.2 */
X(WORK_FILE,     "css",  BC_W_SET,  0, 0, NONE,  "a file for work exec's program: name in its working directory, contents (rtapp: its JSON)")
/* clang-format on */
