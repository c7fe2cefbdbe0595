#pragma once
// CsvRow: one data row of a CSV file as csv_read hands it on: the shared header names, the row's
// fields (every value a string, in header order) and its parsed time. Plain data.

#include "wingfoil/core/nano_time.h"

#include <memory>
#include <string>
#include <vector>

namespace wingfoil::adapters::csv {

/// The header row, shared by every row of one file.
struct CsvHeader {
    std::vector<std::string> names;
    /// A slot for a host language to cache its converted names (the Python bindings keep the
    /// key strings there). The engine never reads it.
    mutable std::shared_ptr<void> host_cache;
};

struct CsvRow {
    std::shared_ptr<const CsvHeader> header;
    std::vector<std::string> fields;
    NanoTime time = 0;
    std::uint64_t line = 0; ///< 1-based line in the file, for messages
};

} // namespace wingfoil::adapters::csv
