/* SPDX-License-Identifier: GPL-3.0-or-later */
/* main.c: the entry point of debrief-cli */

#include "config.h"

#include "debrief-cli.h"

int
main (int   argc,
      char *argv[])
{
  return debrief_cli_run (argc, argv);
}
