#include "wingfoil/core/nano_time.h"

#include <cstdio>
#include <ctime>

namespace wingfoil {

std::string format_iso(NanoTime t) {
    NanoTime secs = t / kNanosPerSecond;
    NanoTime frac = t % kNanosPerSecond;
    if (frac < 0) {
        frac += kNanosPerSecond;
        secs -= 1;
    }
    std::time_t tt = static_cast<std::time_t>(secs);
    std::tm parts{};
    gmtime_r(&tt, &parts);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%09lldZ", parts.tm_year + 1900,
                  parts.tm_mon + 1, parts.tm_mday, parts.tm_hour, parts.tm_min, parts.tm_sec,
                  static_cast<long long>(frac));
    return buf;
}

} // namespace wingfoil
