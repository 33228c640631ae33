// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title IReferenceData
/// @notice Market reference data (SELIC, CDI, IPCA, PTAX, VNA, reference unit prices of TPFt ids) held as
/// rounds per series, keyed by reference date, each accepted only with a quorum of distinct authorised
/// reporters' EIP-712 signatures over the identical value. A series is identified by the keccak-256 of its
/// name (e.g. `keccak256("SELIC")`); a value is the figure times `10**decimals`; a reference date is the
/// number of days since 1970-01-01 (monthly series: the first day of the month). "Today" is the Brasília
/// date of the block, `(block.timestamp - 3 hours) / 1 days`.
/// @dev Reporters sign `Observation(bytes32 series,uint32 referenceDate,int256 value,bytes32 sourceHash,
/// uint64 observedAt,uint64 configVersion)` in the domain ("DrexReferenceData", "1", chain id, contract).
/// A signature is valid only for the reporter configuration it names (`configVersion`), so a
/// reconfiguration invalidates every signature made before it.
interface IReferenceData {
    /// @notice How often a series has a round: every business day, or every month (reference date = the
    /// first day of the month).
    enum Cadence {
        Daily,
        Monthly
    }

    /// @notice Configuration of a series.
    /// @param decimals Places of the scaled value (fixed once the series has a round).
    /// @param cadence Daily or Monthly (fixed once the series has a round).
    /// @param minValue Smallest value accepted (scaled).
    /// @param maxValue Largest value accepted (scaled).
    /// @param maxMove Largest absolute change from the previous round (scaled); 0 = unlimited.
    /// @param active False: no round is accepted (the series reads as unknown to `publish`/`report`).
    /// @param leadDays How many days after today a new round may be dated: 0 for a figure published on or
    /// after the day it refers to; more for one set in advance (the NTN-B VNA of the 15th is known once
    /// the IPCA of the month before is out, around the 10th).
    struct SeriesConfig {
        uint8 decimals;
        Cadence cadence;
        int256 minValue;
        int256 maxValue;
        uint256 maxMove;
        bool active;
        uint16 leadDays;
    }

    /// @notice A published round.
    /// @param value The figure times `10**decimals`.
    /// @param referenceDate Days since 1970-01-01 of the date the figure refers to.
    /// @param observedAt The latest observation time (unix seconds) among the counted votes.
    /// @param publishedAt Block timestamp of the publication (or of the last amendment); 0 = no round.
    /// @param sourceHash SHA-256 of the raw source payload the reporters read.
    /// @param configVersion Reporter configuration the signatures were made for.
    /// @param signers Number of distinct reporters whose signatures published (or amended) it.
    /// @param amendments How many times the round was amended.
    struct Round {
        int256 value;
        uint32 referenceDate;
        uint64 observedAt;
        uint64 publishedAt;
        bytes32 sourceHash;
        uint64 configVersion;
        uint16 signers;
        uint32 amendments;
    }

    /// @notice One reporter's signature over an observation, and the observation time it signed.
    /// @param observedAt Unix seconds when the reporter read the source (part of the signed struct).
    /// @param signature 65-byte ECDSA signature (r, s, v) over the EIP-712 digest.
    struct Vote {
        uint64 observedAt;
        bytes signature;
    }

    // ------------------------------------------------------------------ errors

    /// @notice The series is not configured or not active.
    /// @param series The series id.
    error UnknownSeries(bytes32 series);

    /// @notice No reporter configuration has been set yet (`configVersion` is 0).
    error ReportersNotConfigured();

    /// @notice Signature `index` of the votes is malformed (wrong length, high s, invalid v...).
    /// @param index Position of the vote.
    error InvalidSignature(uint256 index);

    /// @notice A signature recovers to an address that is not a reporter of the current configuration
    /// (also what a signature made for another chain, contract or configuration version gives).
    /// @param signer The recovered address.
    error NotAReporter(address signer);

    /// @notice The same reporter signed twice, or is listed twice in a reporter configuration.
    /// @param reporter The reporter.
    error DuplicateReporter(address reporter);

    /// @notice Fewer distinct reporters signed than the quorum needed.
    /// @param have Signatures counted.
    /// @param need Quorum (or amendment quorum) required.
    error InsufficientSignatures(uint256 have, uint256 need);

    /// @notice The reference date is not after the series' latest round's (and no round exists on it).
    /// @param series The series id.
    /// @param referenceDate The date proposed.
    /// @param latestReferenceDate The latest round's date.
    error OutOfOrderRound(bytes32 series, uint32 referenceDate, uint32 latestReferenceDate);

    /// @notice The reference date is after today (Brasília) plus the series' lead days.
    /// @param series The series id.
    /// @param referenceDate The date proposed.
    /// @param today Today's day number.
    error FutureReferenceDate(bytes32 series, uint32 referenceDate, uint32 today);

    /// @notice A monthly series' reference date is not the first day of a month.
    /// @param series The series id.
    /// @param referenceDate The date proposed.
    error NotFirstOfMonth(bytes32 series, uint32 referenceDate);

    /// @notice The value is outside the series' bounds.
    /// @param series The series id.
    /// @param value The value proposed.
    /// @param minValue Lower bound.
    /// @param maxValue Upper bound.
    error ValueOutOfBounds(bytes32 series, int256 value, int256 minValue, int256 maxValue);

    /// @notice The value moves further from the previous round's than the series allows.
    /// @param series The series id.
    /// @param value The value proposed.
    /// @param previous The previous round's value.
    /// @param maxMove Largest change allowed.
    error MoveTooLarge(bytes32 series, int256 value, int256 previous, uint256 maxMove);

    /// @notice A vote's observation time is after the block's timestamp.
    /// @param index Position of the vote (0 for `report`).
    /// @param observedAt The observation time signed.
    error FutureObservation(uint256 index, uint64 observedAt);

    /// @notice A round with this value is already published on this date (an amendment must change it).
    /// @param series The series id.
    /// @param referenceDate The date.
    error RoundAlreadyPublished(bytes32 series, uint32 referenceDate);

    /// @notice A vote counted for an amendment was observed no later than the round's last publication
    /// (or amendment): a correction needs signatures made after the reporters saw the round it corrects, so
    /// signatures given for an earlier state of the round can never bring it back.
    /// @param index Position of the vote.
    /// @param observedAt The observation time signed.
    /// @param publishedAt When the round was last published or amended (the vote must be later).
    error StaleAmendmentVote(uint256 index, uint64 observedAt, uint64 publishedAt);

    /// @notice The reporter already has a vote stored for this series, date and configuration version.
    /// @param reporter The reporter.
    error AlreadyVoted(address reporter);

    /// @notice The series has no round.
    /// @param series The series id.
    error NoRound(bytes32 series);

    /// @notice The series has no round on that reference date.
    /// @param series The series id.
    /// @param referenceDate The date asked for.
    error NoRoundAt(bytes32 series, uint32 referenceDate);

    /// @notice The latest round is older than allowed.
    /// @param series The series id.
    /// @param referenceDate The latest round's date.
    /// @param age Its age in the series' cadence units (business days or months).
    /// @param maxAge The largest age allowed.
    error StaleRound(bytes32 series, uint32 referenceDate, uint256 age, uint256 maxAge);

    /// @notice A reporter configuration lists the zero address.
    /// @param reporter The offending address.
    error InvalidReporter(address reporter);

    /// @notice A reporter configuration lists more reporters than a vote bitmap holds.
    /// @param reporters The number listed.
    /// @param max The largest number allowed (255).
    error TooManyReporters(uint256 reporters, uint256 max);

    /// @notice `n > 3f` does not hold for the reporter configuration.
    /// @param reporters n.
    /// @param faultTolerance f.
    error InvalidFaultTolerance(uint256 reporters, uint256 faultTolerance);

    /// @notice The amendment quorum is not above the quorum or exceeds the number of reporters.
    /// @param amendmentQuorum The amendment quorum proposed.
    /// @param quorum The quorum `(n + f) / 2 + 1`.
    /// @param reporters n.
    error InvalidAmendmentQuorum(uint256 amendmentQuorum, uint256 quorum, uint256 reporters);

    /// @notice The series id is zero or `minValue > maxValue`.
    /// @param series The series id.
    error InvalidSeriesConfig(bytes32 series);

    /// @notice The series already has rounds, so its decimals and cadence cannot change.
    /// @param series The series id.
    error SeriesConfigLocked(bytes32 series);

    // ------------------------------------------------------------------ events

    /// @notice A new reporter configuration is in force.
    /// @param version Its version (1 for the first).
    /// @param reporters The reporters, in index order.
    /// @param faultTolerance f.
    /// @param quorum Signatures needed to publish: `(n + f) / 2 + 1`.
    /// @param amendmentQuorum Signatures needed to amend.
    event ReportersConfigured(
        uint64 indexed version,
        address[] reporters,
        uint16 faultTolerance,
        uint16 quorum,
        uint16 amendmentQuorum
    );

    /// @notice A series was configured or reconfigured.
    /// @param series The series id.
    /// @param decimals Places of the value.
    /// @param cadence Daily or Monthly.
    /// @param minValue Lower bound.
    /// @param maxValue Upper bound.
    /// @param maxMove Largest change between rounds (0 = unlimited).
    /// @param active Whether rounds are accepted.
    /// @param leadDays How many days after today a new round may be dated.
    event SeriesConfigured(
        bytes32 indexed series,
        uint8 decimals,
        Cadence cadence,
        int256 minValue,
        int256 maxValue,
        uint256 maxMove,
        bool active,
        uint16 leadDays
    );

    /// @notice Days were marked (or unmarked) as national holidays.
    /// @param dayNumbers The day numbers.
    /// @param holiday True: holidays; false: no longer holidays.
    event HolidaysSet(uint32[] dayNumbers, bool holiday);

    /// @notice A new round was published.
    /// @param series The series id.
    /// @param referenceDate Its date.
    /// @param value Its value.
    /// @param sourceHash SHA-256 of the source payload.
    /// @param observedAt Latest observation time among the votes counted.
    /// @param configVersion Reporter configuration of the signatures.
    /// @param signers Distinct reporters counted.
    event RoundPublished(
        bytes32 indexed series,
        uint32 indexed referenceDate,
        int256 value,
        bytes32 sourceHash,
        uint64 observedAt,
        uint64 configVersion,
        uint16 signers
    );

    /// @notice A published round was amended (with the amendment quorum).
    /// @param series The series id.
    /// @param referenceDate Its date.
    /// @param previousValue The value it had.
    /// @param value The new value.
    /// @param sourceHash SHA-256 of the new source payload.
    /// @param configVersion Reporter configuration of the signatures.
    /// @param signers Distinct reporters counted.
    event RoundAmended(
        bytes32 indexed series,
        uint32 indexed referenceDate,
        int256 previousValue,
        int256 value,
        bytes32 sourceHash,
        uint64 configVersion,
        uint16 signers
    );

    /// @notice A reporter's vote was stored by `report`.
    /// @param series The series id.
    /// @param referenceDate The date.
    /// @param reporter The reporter who signed it.
    /// @param value The value voted.
    /// @param sourceHash The source payload hash voted.
    /// @param observedAt The observation time signed.
    event VoteRecorded(
        bytes32 indexed series,
        uint32 indexed referenceDate,
        address indexed reporter,
        int256 value,
        bytes32 sourceHash,
        uint64 observedAt
    );

    /// @notice A reporter's vote differs from another stored vote or from the published round: every
    /// reporter reads the same official source, so this is an alarm.
    /// @param series The series id.
    /// @param referenceDate The date.
    /// @param reporter The reporter whose vote was just stored.
    /// @param value Its value.
    /// @param sourceHash Its source payload hash.
    /// @param otherValue The differing value (another reporter's vote, or the published round).
    /// @param otherSourceHash The differing source payload hash.
    event Disagreement(
        bytes32 indexed series,
        uint32 indexed referenceDate,
        address indexed reporter,
        int256 value,
        bytes32 sourceHash,
        int256 otherValue,
        bytes32 otherSourceHash
    );

    // ------------------------------------------------------------------ administration (DEFAULT_ADMIN_ROLE)

    /// @notice Sets a new reporter configuration (increments the configuration version).
    /// @dev n = `reporters.length` ≤ 255, no zero or duplicate address, n > 3f; the quorum is
    /// `(n + f) / 2 + 1` (any two quorums share more than f reporters) and quorum < amendmentQuorum ≤ n.
    /// @param reporters The reporters; their positions are their indices.
    /// @param faultTolerance f, the number of faulty reporters tolerated.
    /// @param amendmentQuorum Signatures needed to amend a published round.
    function configureReporters(address[] calldata reporters, uint16 faultTolerance, uint16 amendmentQuorum)
        external;

    /// @notice Configures (or reconfigures, or deactivates) a series.
    /// @param series The series id.
    /// @param config Its configuration; decimals and cadence cannot change once it has a round.
    function configureSeries(bytes32 series, SeriesConfig calldata config) external;

    /// @notice Marks days as national (ANBIMA) holidays, or unmarks them.
    /// @param dayNumbers Day numbers (days since 1970-01-01).
    /// @param holiday True to mark, false to unmark.
    function setHolidays(uint32[] calldata dayNumbers, bool holiday) external;

    // ------------------------------------------------------------------ rounds

    /// @notice Publishes a new round, or amends a published one, with reporters' signatures; anyone may
    /// relay. A new round needs the quorum. An amendment (same date, different value) is the only way to
    /// correct a published round: it needs the amendment quorum, and every signature counted must have been
    /// observed after the round's last publication or amendment ({StaleAmendmentVote} otherwise), so the
    /// signatures that published a value, or an earlier correction, can never be replayed to restore it.
    /// @param series The series id.
    /// @param referenceDate Days since 1970-01-01.
    /// @param value The figure times `10**decimals`.
    /// @param sourceHash SHA-256 of the raw source payload.
    /// @param votes One signature per reporter, over this content and its own observation time.
    function publish(
        bytes32 series,
        uint32 referenceDate,
        int256 value,
        bytes32 sourceHash,
        Vote[] calldata votes
    ) external;

    /// @notice Stores one reporter's signed vote on chain (sharing through the chain); anyone may relay.
    /// When the stored votes on the identical (value, sourceHash) reach the quorum the round is published.
    /// A vote that differs from another stored vote or from the published round emits {Disagreement}.
    /// `report` never amends: a vote for a date whose published round has another value is stored and
    /// recorded as a {Disagreement} only (a correction goes through `publish`); a vote with the published
    /// value reverts {RoundAlreadyPublished}.
    /// @param series The series id.
    /// @param referenceDate Days since 1970-01-01.
    /// @param value The figure times `10**decimals`.
    /// @param sourceHash SHA-256 of the raw source payload.
    /// @param vote The reporter's signature and observation time.
    function report(bytes32 series, uint32 referenceDate, int256 value, bytes32 sourceHash, Vote calldata vote)
        external;

    // ------------------------------------------------------------------ views

    /// @notice The latest round of a series; reverts {NoRound} when it has none. For a series with lead
    /// days it may be dated after today (its age is then 0): a consumer pricing a day reads the round on or
    /// before that day with `roundAt`.
    /// @param series The series id.
    /// @return The round.
    function latest(bytes32 series) external view returns (Round memory);

    /// @notice The round of a series on a reference date; reverts {NoRoundAt} when there is none.
    /// @param series The series id.
    /// @param referenceDate Days since 1970-01-01.
    /// @return The round.
    function roundAt(bytes32 series, uint32 referenceDate) external view returns (Round memory);

    /// @notice The latest round if its age is at most `maxAge`; reverts {StaleRound} otherwise.
    /// @param series The series id.
    /// @param maxAge Largest age accepted, in business days (Daily) or months (Monthly).
    /// @return The round.
    function latestFresh(bytes32 series, uint256 maxAge) external view returns (Round memory);

    /// @notice Age of the latest round: Daily, the business days d with referenceDate < d ≤ today
    /// (weekends and holidays skipped); Monthly, the months between its month and today's.
    /// @param series The series id.
    /// @return The age; reverts {NoRound} when the series has no round.
    function ageOf(bytes32 series) external view returns (uint256);

    /// @notice Configuration of a series (all zero when not configured).
    /// @param series The series id.
    /// @return The configuration.
    function seriesConfig(bytes32 series) external view returns (SeriesConfig memory);

    /// @notice Every configured series id, in configuration order.
    /// @return The ids.
    function seriesIds() external view returns (bytes32[] memory);

    /// @notice The current reporter configuration.
    /// @return list The reporters, in index order.
    /// @return faultTolerance f.
    /// @return quorum Signatures needed to publish.
    /// @return amendmentQuorum Signatures needed to amend.
    /// @return version The configuration version (0 = none yet).
    function reporters()
        external
        view
        returns (address[] memory list, uint16 faultTolerance, uint16 quorum, uint16 amendmentQuorum, uint64 version);

    /// @notice The current reporter configuration's version (0 = none yet).
    /// @return The version.
    function configVersion() external view returns (uint64);

    /// @notice Whether a day is marked as a national holiday.
    /// @param day Days since 1970-01-01.
    /// @return True when it is.
    function isHoliday(uint32 day) external view returns (bool);

    /// @notice Whether a day is a business day (neither Saturday, Sunday nor a holiday).
    /// @param day Days since 1970-01-01.
    /// @return True when it is.
    function isBusinessDay(uint32 day) external view returns (bool);

    /// @notice Today's day number in Brasília (UTC-3): `(block.timestamp - 3 hours) / 1 days`.
    /// @return The day number.
    function today() external view returns (uint32);

    /// @notice A reporter's stored vote for a series and date in the current configuration version.
    /// @param series The series id.
    /// @param referenceDate Days since 1970-01-01.
    /// @param reporter The reporter.
    /// @return voted Whether a vote is stored.
    /// @return value Its value.
    /// @return sourceHash Its source payload hash.
    /// @return observedAt Its observation time.
    function voteOf(bytes32 series, uint32 referenceDate, address reporter)
        external
        view
        returns (bool voted, int256 value, bytes32 sourceHash, uint64 observedAt);

    /// @notice The EIP-712 digest a reporter signs for this observation in the current configuration
    /// version (lets clients check their typed-data hashing).
    /// @param series The series id.
    /// @param referenceDate Days since 1970-01-01.
    /// @param value The scaled value.
    /// @param sourceHash SHA-256 of the source payload.
    /// @param observedAt Observation time.
    /// @return The digest.
    function observationDigest(
        bytes32 series,
        uint32 referenceDate,
        int256 value,
        bytes32 sourceHash,
        uint64 observedAt
    ) external view returns (bytes32);
}
