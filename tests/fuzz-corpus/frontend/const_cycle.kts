const A = B + 1
const B = A + 1
scenario s {
    cgroup a { workers A work spin }
}
