/* SPDX-License-Identifier: GPL-3.0-or-later */
/* forgotten.c: test data: a file with a translatable string missing from POTFILES.in */
const char *b = _("Forgotten");
