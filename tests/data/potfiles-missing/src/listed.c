/* SPDX-License-Identifier: GPL-3.0-or-later */
/* listed.c: test data: a listed file with a translatable string */
const char *a = _("Listed");
