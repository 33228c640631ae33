// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/// @title BusinessCalendar
/// @notice Date arithmetic on day numbers (days since 1970-01-01): civil dates, weekdays, months between
/// two dates and business days on a holiday set kept as a bitmap (bit `d % 256` of word `d / 256` set when
/// day `d` is a holiday), so counting the business days of a span reads one storage word per 256 days.
/// @dev Civil dates use Howard Hinnant's `civil_from_days` (http://howardhinnant.github.io/date_algorithms.html),
/// restricted to non-negative day numbers. 1970-01-01 was a Thursday.
library BusinessCalendar {
    /// @notice The civil date of a day number.
    /// @param day Days since 1970-01-01.
    /// @return year The year.
    /// @return month The month, 1..12.
    /// @return dayOfMonth The day of the month, 1..31.
    function civil(uint256 day) internal pure returns (uint256 year, uint256 month, uint256 dayOfMonth) {
        uint256 z = day + 719468; // days since 0000-03-01
        uint256 era = z / 146097;
        uint256 doe = z - era * 146097; // day of the 400-year era, 0..146096
        uint256 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365; // year of the era, 0..399
        uint256 doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // day of the March-based year, 0..365
        uint256 mp = (5 * doy + 2) / 153; // March-based month, 0..11
        dayOfMonth = doy - (153 * mp + 2) / 5 + 1;
        month = mp < 10 ? mp + 3 : mp - 9;
        year = yoe + era * 400 + (month <= 2 ? 1 : 0);
    }

    /// @notice Whether a day is the first day of its month.
    /// @param day Days since 1970-01-01.
    /// @return True on the 1st.
    function isFirstOfMonth(uint256 day) internal pure returns (bool) {
        (, , uint256 dayOfMonth) = civil(day);
        return dayOfMonth == 1;
    }

    /// @notice Calendar months from the month of `from` to the month of `to` (0 in the same month).
    /// @param from Days since 1970-01-01.
    /// @param to Days since 1970-01-01, not before `from`.
    /// @return The number of months.
    function monthsBetween(uint256 from, uint256 to) internal pure returns (uint256) {
        (uint256 y1, uint256 m1, ) = civil(from);
        (uint256 y2, uint256 m2, ) = civil(to);
        return (y2 * 12 + m2) - (y1 * 12 + m1);
    }

    /// @notice Day of the week, Monday = 0 … Sunday = 6.
    /// @param day Days since 1970-01-01.
    /// @return The weekday.
    function weekday(uint256 day) internal pure returns (uint256) {
        return (day + 3) % 7;
    }

    /// @notice Whether a day is a Saturday or a Sunday.
    /// @param day Days since 1970-01-01.
    /// @return True on weekends.
    function isWeekend(uint256 day) internal pure returns (bool) {
        return weekday(day) >= 5;
    }

    /// @notice Whether a day is marked in the holiday bitmap.
    /// @param holidays The bitmap.
    /// @param day Days since 1970-01-01.
    /// @return True when marked.
    function isHoliday(mapping(uint256 => uint256) storage holidays, uint256 day) internal view returns (bool) {
        return (holidays[day >> 8] >> (day & 0xff)) & 1 == 1;
    }

    /// @notice Marks or unmarks days in the holiday bitmap, writing each storage word once per run of days
    /// that share it (sorted input: one write per 256 days).
    /// @param holidays The bitmap.
    /// @param dayNumbers Days since 1970-01-01.
    /// @param holiday True to mark, false to unmark.
    function setHolidays(mapping(uint256 => uint256) storage holidays, uint32[] calldata dayNumbers, bool holiday)
        internal
    {
        uint256 n = dayNumbers.length;
        if (n == 0) return;
        uint256 index = uint256(dayNumbers[0]) >> 8;
        uint256 word = holidays[index];
        for (uint256 i = 0; i < n; ++i) {
            uint256 day = dayNumbers[i];
            if (day >> 8 != index) {
                holidays[index] = word;
                index = day >> 8;
                word = holidays[index];
            }
            uint256 bit = uint256(1) << (day & 0xff);
            word = holiday ? word | bit : word & ~bit;
        }
        holidays[index] = word;
    }

    /// @notice Business days d with `from < d ≤ to`: weekdays that are not marked holidays (0 if `to ≤ from`).
    /// @param holidays The bitmap.
    /// @param from Days since 1970-01-01 (excluded).
    /// @param to Days since 1970-01-01 (included).
    /// @return The count.
    function businessDaysBetween(mapping(uint256 => uint256) storage holidays, uint256 from, uint256 to)
        internal
        view
        returns (uint256)
    {
        if (to <= from) return 0;
        uint256 first = from + 1; // the span is [first, end)
        uint256 end = to + 1;
        return _weekdaysBefore(end) - _weekdaysBefore(first) - _weekdayHolidays(holidays, first, end);
    }

    /// @dev Weekdays among days 0 .. x-1. Each full week has 5; a partial week starts on a Thursday, so its
    /// first r days hold 0, 1, 2, 2, 2, 3, 4 weekdays (r = 0..6).
    function _weekdaysBefore(uint256 x) private pure returns (uint256) {
        uint256 inPartialWeek = (0x04030202020100 >> (8 * (x % 7))) & 0xff;
        return (x / 7) * 5 + inPartialWeek;
    }

    /// @dev Marked holidays in [first, end) that fall on a weekday (a holiday on a weekend changes nothing).
    function _weekdayHolidays(mapping(uint256 => uint256) storage holidays, uint256 first, uint256 end)
        private
        view
        returns (uint256 count)
    {
        uint256 lastWord = (end - 1) >> 8;
        for (uint256 w = first >> 8; w <= lastWord; ++w) {
            uint256 bits = holidays[w];
            if (bits == 0) continue;
            uint256 base = w << 8;
            if (base < first) bits &= type(uint256).max << (first - base); // drop days before first
            if (end - base < 256) bits &= (uint256(1) << (end - base)) - 1; // drop days from end on
            while (bits != 0) {
                uint256 lowest = bits & (~bits + 1);
                if (!isWeekend(base + Math.log2(lowest))) ++count;
                bits ^= lowest;
            }
        }
    }
}
