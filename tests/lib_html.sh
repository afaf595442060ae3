# Helpers for the HTML report's tests in headless Chromium (sourced after
# tests/lib.sh). Chromium runs with a fresh profile, no network namespace
# where unshare is allowed, and its console on stderr: the report's CSP
# turns any request into a console line, and any console line fails.
CHROMIUM=${CHROMIUM:-chromium}

html_have_chromium() { command -v "$CHROMIUM" > /dev/null 2>&1; }

# html_chromium dump-dom|screenshot HTML OUT: the DOM (or a PNG) in OUT,
# Chromium's log in OUT.log.
html_chromium() {
	prof=$(mktemp -d "$T/chromium.XXXXXX")
	net=""
	unshare -n true 2> /dev/null && net="unshare -n"
	case $1 in
	dump-dom) mode=--dump-dom ;;
	*) mode=--screenshot="$3" ;;
	esac
	timeout 180 $net "$CHROMIUM" --headless --no-sandbox --disable-gpu --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$prof" --enable-logging=stderr --v=1 --window-size=1280,2400 \
		"$mode" "file://$2" > "$3.out" 2> "$3.log"
	st=$?
	[ "$1" = dump-dom ] && mv "$3.out" "$3"
	rm -rf "$prof" "$3.out"
	return $st
}

# A page that breaks its own CSP must log a console line, else the checks
# below could not fail.
html_check_console_works() {
	printf '%s\n' "<!DOCTYPE html><html><head><meta http-equiv=\"Content-Security-Policy\"" \
		"content=\"default-src 'none'\"/></head><body><script>1</script></body></html>" > "$T/neg.html"
	html_chromium dump-dom "$T/neg.html" "$T/neg.dom"
	grep -aq 'CONSOLE.*Content Security Policy' "$T/neg.dom.log" &&
		pass "chromium logs a CSP violation on its console (the checks can fail)" ||
		fail "chromium logged no CSP violation for an inline script: the console check sees nothing"
}

# html_check HTML VARIANTS "CPUS..." NAME: loads with no console line, one
# matrix cell per variant, each timeline (in document order) one lane per
# CPU as CPUS lists them, no script element; a screenshot kept as
# $O/tests/NAME.png for the test log.
html_check() {
	html_chromium dump-dom "$1" "$T/$4.dom" || fail "chromium exited $? on $1"
	# Chromium's own notice when a big file loads slowly on a busy host is
	# not the page's doing: counted, not failed
	slow=$(grep -a 'CONSOLE' "$T/$4.dom.log" | grep -c 'Slow network is detected')
	if grep -a 'CONSOLE' "$T/$4.dom.log" | grep -v 'Slow network is detected' > "$T/console"; then
		fail "$4: console lines: $(head -3 "$T/console")"
	else
		pass "$4: loads with no console line (no CSP violation, no error; $slow slow-load notices)"
	fi
	cells=$(grep -o 'class="cell v-' "$T/$4.dom" | wc -l)
	[ "$cells" -eq "$2" ] && pass "$4: $cells matrix cells, one per variant" ||
		fail "$4: $cells matrix cells for $2 variants"
	lanes=$(grep -o '<svg class="cpus" data-cpus="[0-9]*"\|<g class="lane"' "$T/$4.dom" |
		awk '/<svg/ { if (n != "") printf "%d ", n; n = 0; next } { n++ } END { if (n != "") printf "%d", n }')
	[ "$lanes" = "$3" ] && pass "$4: lanes per timeline: $lanes" ||
		fail "$4: lanes per timeline '$lanes', CPUs '$3'"
	grep -qi '<script' "$T/$4.dom" && fail "$4: the DOM has a script element" ||
		pass "$4: no script element in the DOM"
	mkdir -p "$O/tests"
	if html_chromium screenshot "$1" "$O/tests/$4.png" && [ -s "$O/tests/$4.png" ]; then
		pass "$4: screenshot in $O/tests/$4.png"
	else
		fail "$4: no screenshot ($(tail -2 "$O/tests/$4.png.log"))"
	fi
	rm -f "$O/tests/$4.png.log"
}
