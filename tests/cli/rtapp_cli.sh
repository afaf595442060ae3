#!/bin/sh
# work rtapp from the outside, no VM: a description beside the scenario or
# inline is checked with json-c when the scenario compiles; a broken one
# fails check (and run, before any boot) with its file:line:col.
KTSRUN=${KTSRUN:-build/ktsrun}
[ -x "$KTSRUN" ] || KTSRUN=${O:-build}/ktsrun
KTSRUN=$(realpath "$KTSRUN")
T=$(mktemp -d /tmp/ktsrun-rtapp.XXXXXX)
trap 'rm -rf "$T"' EXIT
fail() { echo "rtapp_cli: $*"; exit 1; }

printf '{\n  "tasks": { "p": { "run": 2000, "timer": { "ref": "unique", "period": 10000 } } },\n  "global": { "duration": 2 }\n}\n' >"$T/periodic.json"
printf 'scenario f {\n    cgroup rt { workers 1 work rtapp("periodic.json") }\n    expect { rt.rtapp.wu_lat_p99 < 1s }\n}\n' >"$T/file.kts"
"$KTSRUN" check "$T/file.kts" >/dev/null || fail "a description beside the scenario does not check"
"$KTSRUN" disasm "$T/file.kts" >"$T/d" || fail "disasm"
grep -q 'WORK_ARGV        rt "rt-app"' "$T/d" || fail "rtapp is not exec of rt-app"
grep -q '\\"calibration\\":220' "$T/d" || fail "calibration not pinned"
grep -q '\\"logdir\\":\\".\\"' "$T/d" || fail "logdir not pinned"
# from another directory: the file is beside the scenario, not the cwd
(cd / && "$KTSRUN" check "$T/file.kts" >/dev/null) || fail "the file is looked up beside the scenario"

# the author's calibration stays
printf 'scenario c {\n    cgroup rt { workers 1 work rtapp(`{"tasks": {"t": {"run": 100}}, "global": {"calibration": 180}}`) }\n}\n' >"$T/cal.kts"
"$KTSRUN" disasm "$T/cal.kts" | grep -q '\\"calibration\\":180' || fail "the author's calibration was replaced"

# a broken file: its own place, exit 1
printf '{\n  "tasks": { "p": { "run": 2000 }\n  "global": {}\n}\n' >"$T/bad.json"
printf 'scenario b {\n    cgroup rt { workers 1 work rtapp("bad.json") }\n}\n' >"$T/bad.kts"
"$KTSRUN" check "$T/bad.kts" 2>"$T/err" && fail "a broken description passed"
[ $? -eq 1 ] || fail "a broken description: exit code"
grep -q "bad.json:3:3: rt-app description: not JSON" "$T/err" || { cat "$T/err"; fail "no file:line:col for the JSON"; }
grep -q "bad.kts: 1 error" "$T/err" || fail "error count"

# inline, what ktsrun needs to own: the place in the .kts
printf 'scenario l {\n    cgroup rt {\n        workers 1\n        work rtapp(`{ "tasks": { "t": { "run": 1 } },\n                      "global": { "logdir": "/tmp", "log_size": "file" } }`)\n    }\n}\n' >"$T/logdir.kts"
"$KTSRUN" check "$T/logdir.kts" 2>"$T/err" && fail "logdir passed"
grep -q "logdir.kts:5:35: rt-app description: \"logdir\" is ktsrun's" "$T/err" || { cat "$T/err"; fail "logdir message"; }

# run refuses it before any VM boots
"$KTSRUN" run "$T/bad.kts" >"$T/out" 2>&1 && fail "run of a broken description passed"
grep -q "bad.json:3:3" "$T/out" || fail "run does not say where"
grep -q "booting" "$T/out" && fail "run booted a VM for a broken description"
echo "rtapp_cli: ok"
