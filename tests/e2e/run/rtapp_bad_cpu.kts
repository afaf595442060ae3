# rt-app refuses its own description at run time (a CPU the guest does not
# have; the host cannot know the guest's CPUs when it compiles): the run is
# an ERROR naming the payload, its exit status and its output's tail
# (tests/e2e/rtapp.sh).
scenario rtapp_bad_cpu "rt-app exits non-zero" {
    duration 2s
    topology 1n1l2c1t
    cgroup rt {
        workers 1
        work rtapp(`{ "tasks": { "t": { "cpus": [99], "run": 1000, "sleep": 9000 } },
                      "global": { "duration": 1 } }`)
    }
}
