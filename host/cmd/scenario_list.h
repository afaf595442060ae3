/* The scenario files a command is given: files, and directories of them. */
#ifndef KTS_HOST_CMD_SCENARIO_LIST_H
#define KTS_HOST_CMD_SCENARIO_LIST_H

/* FILE, or every .kts file of DIR (sorted), appended to files (*n of max,
 * each malloc'd). 0, or -1 after saying why. */
int scenario_list_add(char **files, unsigned *n, unsigned max, const char *path);

#endif
