#include "wingfoil/adapters/csv/row_source.h"

#include "wingfoil/core/error.h"

#include <utility>

namespace wingfoil::adapters::csv {

CsvRowSource::CsvRowSource(std::string path, std::string time_column, TimeFormat format)
    : reader_(std::move(path)), time_column_(std::move(time_column)), format_(format) {
    auto header = std::make_shared<CsvHeader>();
    if (reader_.next(record_)) {
        header->names = record_.fields;
        // The later column wins for duplicate names, as in the dict each row becomes.
        for (std::size_t i = 0; i < header->names.size(); ++i) {
            if (header->names[i] == time_column_) {
                time_index_ = static_cast<std::ptrdiff_t>(i);
            }
        }
    }
    header_ = std::move(header);
}

std::string CsvRowSource::where(std::uint64_t line) const {
    return "'" + reader_.path() + "' line " + std::to_string(line);
}

bool CsvRowSource::next(CsvRow& out, NanoTime not_before) {
    while (reader_.next(record_)) {
        std::size_t expected = header_->names.size();
        if (record_.fields.size() != expected) {
            throw ValueError("malformed CSV row in " + where(record_.line) + ": expected " +
                             std::to_string(expected) + " fields, found " +
                             std::to_string(record_.fields.size()));
        }
        if (time_index_ < 0) {
            throw ValueError("time column '" + time_column_ + "' is missing in " +
                             where(record_.line));
        }
        NanoTime time = 0;
        try {
            time = parse_time(record_.fields[static_cast<std::size_t>(time_index_)], format_);
        } catch (const ValueError& e) {
            throw ValueError("bad time in column '" + time_column_ + "' in " +
                             where(record_.line) + ": " + e.what());
        }
        if (any_row_ && time < previous_time_) {
            throw ValueError("CSV timestamps must be non-decreasing (line " +
                             std::to_string(record_.line) + " of '" + reader_.path() + "')");
        }
        previous_time_ = time;
        any_row_ = true;
        if (time < not_before) {
            continue;
        }
        out.header = header_;
        out.fields.swap(record_.fields);
        out.time = time;
        out.line = record_.line;
        return true;
    }
    return false;
}

} // namespace wingfoil::adapters::csv
