#pragma once
// CsvRowSource: the rows of one CSV file with their times, validated: a header is required,
// every row has the header's field count, the time column parses, and times never decrease.
// Each failure is a ValueError naming the file and line. Engine thread only.

#include "wingfoil/adapters/csv/record_reader.h"
#include "wingfoil/adapters/csv/row.h"
#include "wingfoil/adapters/csv/time_parse.h"

#include <memory>
#include <string>

namespace wingfoil::adapters::csv {

class CsvRowSource {
public:
    /// Opens `path` and reads its header row. Throws FileNotFoundError when the file does not
    /// exist. A file with no header (empty) yields no rows. A missing `time_column` is reported
    /// at the first data row, naming its line.
    CsvRowSource(std::string path, std::string time_column, TimeFormat format);

    /// Reads the next row whose time is >= `not_before` into `out`; false at end of file. Rows
    /// before `not_before` are validated and skipped.
    bool next(CsvRow& out, NanoTime not_before);

    const std::string& path() const noexcept { return reader_.path(); }

private:
    std::string where(std::uint64_t line) const;

    RecordReader reader_;
    std::string time_column_;
    TimeFormat format_;
    std::shared_ptr<const CsvHeader> header_;
    std::ptrdiff_t time_index_ = -1; // column of the time, -1 when the header lacks it
    Record record_;                  // reused between reads
    NanoTime previous_time_ = 0;
    bool any_row_ = false;
};

} // namespace wingfoil::adapters::csv
