/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define AX_TYPE_APPLICATION (ax_application_get_type ())
G_DECLARE_FINAL_TYPE (AxApplication, ax_application, AX, APPLICATION, AdwApplication)

/* started_us: g_get_monotonic_time() at the top of main(), for the
 * first-frame benchmark (AX_BENCH_FIRST_FRAME=1). */
AxApplication *ax_application_new (gint64 started_us);

G_END_DECLS
