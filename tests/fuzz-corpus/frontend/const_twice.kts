const A = 1
const A = 2
scenario s {
}
