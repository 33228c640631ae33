// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {IReferenceData} from "./interfaces/IReferenceData.sol";
import {BusinessCalendar} from "./libraries/BusinessCalendar.sol";

/// @title ReferenceData
/// @notice Quorum-signed market reference data (SELIC, CDI, IPCA, PTAX, VNA, reference unit prices of
/// TPFt ids): per series, rounds keyed by reference date, each published only with the EIP-712 signatures
/// of a quorum of distinct reporters of the current configuration over the identical value and source
/// payload hash. The administrator (DEFAULT_ADMIN_ROLE, the BCB) configures the reporters (n > 3f,
/// quorum `(n + f) / 2 + 1`, a higher amendment quorum), the series (bounds, maximum move) and the
/// national holidays that make `latestFresh` business-day aware.
/// @dev Signatures reach the contract either all at once (`publish`, signatures gathered off chain) or one
/// by one (`report`, each vote stored until the identical ones reach the quorum). A published round is
/// corrected only through `publish`, with the amendment quorum of signatures all observed after the round's
/// last publication or amendment (a signed observation does not name the state it replaces, so this is what
/// keeps old signatures from undoing a correction); `report` on a published date only records the
/// disagreement. A reporter signs for one configuration version: reconfiguring invalidates every earlier
/// signature and stored vote. Distinct reporters are counted with a bitmap of reporter indices (at most 255
/// reporters). The contract makes no external call. Only Shanghai opcodes.
contract ReferenceData is AccessControl, EIP712, IReferenceData {
    using BusinessCalendar for mapping(uint256 => uint256);

    /// @notice EIP-712 type hash of the struct a reporter signs.
    bytes32 public constant OBSERVATION_TYPEHASH = keccak256(
        "Observation(bytes32 series,uint32 referenceDate,int256 value,bytes32 sourceHash,uint64 observedAt,"
        "uint64 configVersion)"
    );

    /// @notice Largest number of reporters in a configuration (the vote bitmap's width).
    uint256 public constant MAX_REPORTERS = 255;

    /// @dev A reporter's vote stored by `report`.
    struct StoredVote {
        int256 value;
        bytes32 sourceHash;
        uint64 observedAt;
        bool voted;
    }

    /// @dev The content of a round or vote, kept together in memory (fewer stack slots).
    struct Content {
        bytes32 series;
        uint32 referenceDate;
        int256 value;
        bytes32 sourceHash;
    }

    /// @dev Stored votes on one (series, date, version, value, sourceHash): how many, latest observation.
    struct Tally {
        uint64 observedAt;
        uint16 count;
    }

    /// @dev Current reporter configuration.
    uint64 private _version;
    uint16 private _faultTolerance;
    uint16 private _quorum;
    uint16 private _amendmentQuorum;
    address[] private _reporterList;
    /// @dev version => reporter => index + 1 (0: not a reporter of that version).
    mapping(uint64 version => mapping(address reporter => uint256 indexPlusOne)) private _reporterIndex;

    mapping(bytes32 series => SeriesConfig) private _series;
    mapping(bytes32 series => bool) private _configured;
    bytes32[] private _seriesIds;

    mapping(bytes32 series => mapping(uint32 referenceDate => Round)) private _rounds;
    mapping(bytes32 series => uint32 referenceDate) private _latestDate;
    /// @dev series => date => date of the round before it + 1 (0: it is the series' first round).
    mapping(bytes32 series => mapping(uint32 referenceDate => uint256 previousPlusOne)) private _previous;

    /// @dev keccak256(series, date, version) => reporter => stored vote.
    mapping(bytes32 voteKey => mapping(address reporter => StoredVote)) private _votes;
    /// @dev keccak256(voteKey, value, sourceHash) => tally of the stored votes on that content.
    mapping(bytes32 contentKey => Tally) private _tallies;

    /// @dev Holiday bitmap (see {BusinessCalendar}).
    mapping(uint256 word => uint256 bits) private _holidays;

    /// @param admin The administrator (BCB): DEFAULT_ADMIN_ROLE.
    constructor(address admin) EIP712("DrexReferenceData", "1") {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    // ------------------------------------------------------------------ administration

    /// @inheritdoc IReferenceData
    function configureReporters(address[] calldata reporters_, uint16 faultTolerance, uint16 amendmentQuorum)
        external
        onlyRole(DEFAULT_ADMIN_ROLE)
    {
        uint256 n = reporters_.length;
        if (n > MAX_REPORTERS) revert TooManyReporters(n, MAX_REPORTERS);
        if (n <= 3 * uint256(faultTolerance)) revert InvalidFaultTolerance(n, faultTolerance);
        uint256 quorum = (n + faultTolerance) / 2 + 1;
        if (amendmentQuorum <= quorum || amendmentQuorum > n) {
            revert InvalidAmendmentQuorum(amendmentQuorum, quorum, n);
        }
        uint64 version = _version + 1;
        for (uint256 i = 0; i < n; ++i) {
            address reporter = reporters_[i];
            if (reporter == address(0)) revert InvalidReporter(reporter);
            if (_reporterIndex[version][reporter] != 0) revert DuplicateReporter(reporter);
            _reporterIndex[version][reporter] = i + 1;
        }
        _version = version;
        _faultTolerance = faultTolerance;
        _quorum = uint16(quorum);
        _amendmentQuorum = amendmentQuorum;
        _reporterList = reporters_;
        emit ReportersConfigured(version, reporters_, faultTolerance, uint16(quorum), amendmentQuorum);
    }

    /// @inheritdoc IReferenceData
    function configureSeries(bytes32 series, SeriesConfig calldata config) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (series == bytes32(0) || config.minValue > config.maxValue) revert InvalidSeriesConfig(series);
        SeriesConfig storage current = _series[series];
        if (_hasRound(series) && (current.decimals != config.decimals || current.cadence != config.cadence)) {
            revert SeriesConfigLocked(series);
        }
        if (!_configured[series]) {
            _configured[series] = true;
            _seriesIds.push(series);
        }
        _series[series] = config;
        emit SeriesConfigured(
            series,
            config.decimals,
            config.cadence,
            config.minValue,
            config.maxValue,
            config.maxMove,
            config.active,
            config.leadDays
        );
    }

    /// @inheritdoc IReferenceData
    function setHolidays(uint32[] calldata dayNumbers, bool holiday) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _holidays.setHolidays(dayNumbers, holiday);
        emit HolidaysSet(dayNumbers, holiday);
    }

    // ------------------------------------------------------------------ rounds

    /// @inheritdoc IReferenceData
    function publish(
        bytes32 series,
        uint32 referenceDate,
        int256 value,
        bytes32 sourceHash,
        Vote[] calldata votes
    ) external {
        Content memory content = Content(series, referenceDate, value, sourceHash);
        bool amendment = _validate(content);
        uint256 need = amendment ? _amendmentQuorum : _quorum;
        if (votes.length < need) revert InsufficientSignatures(votes.length, need);
        // An amendment counts only signatures made after the round's last publication or amendment: a
        // signature given before it (for the value it replaced, or for an earlier correction) cannot undo it.
        uint64 publishedAt = amendment ? _rounds[series][referenceDate].publishedAt : 0;
        uint256 seen = 0;
        uint64 observedAt = 0;
        for (uint256 i = 0; i < votes.length; ++i) {
            if (amendment && votes[i].observedAt <= publishedAt) {
                revert StaleAmendmentVote(i, votes[i].observedAt, publishedAt);
            }
            uint256 index = _signerIndex(content, votes[i], i);
            uint256 bit = uint256(1) << index;
            if (seen & bit != 0) revert DuplicateReporter(_reporterList[index]);
            seen |= bit;
            if (votes[i].observedAt > observedAt) observedAt = votes[i].observedAt;
        }
        _commit(content, observedAt, uint16(votes.length), amendment);
    }

    /// @inheritdoc IReferenceData
    function report(bytes32 series, uint32 referenceDate, int256 value, bytes32 sourceHash, Vote calldata vote)
        external
    {
        Content memory content = Content(series, referenceDate, value, sourceHash);
        // true: a round with another value is published on this date; the vote is only a disagreement
        bool published = _validate(content);
        address reporter = _reporterList[_signerIndex(content, vote, 0)];
        bytes32 voteKey = _voteKey(series, referenceDate, _version);
        StoredVote storage stored = _votes[voteKey][reporter];
        if (stored.voted) revert AlreadyVoted(reporter);

        // stored even against a published round: `voteOf` shows the dissent, and `AlreadyVoted` stops a
        // relayer from replaying the signed vote to repeat the alarm
        stored.value = value;
        stored.sourceHash = sourceHash;
        stored.observedAt = vote.observedAt;
        stored.voted = true;
        emit VoteRecorded(series, referenceDate, reporter, value, sourceHash, vote.observedAt);
        _flagDisagreements(content, voteKey, reporter);
        // `report` never amends (a correction goes through `publish` with fresh signatures), and a date
        // once published stays published: no tally of this date is counted again after its publication.
        if (published) return;

        Tally storage tally = _tallies[keccak256(abi.encode(voteKey, value, sourceHash))];
        uint16 count = tally.count + 1;
        uint64 observedAt = vote.observedAt > tally.observedAt ? vote.observedAt : tally.observedAt;
        tally.count = count;
        tally.observedAt = observedAt;
        if (count >= _quorum) _commit(content, observedAt, count, false);
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc IReferenceData
    function latest(bytes32 series) external view returns (Round memory) {
        return _latest(series);
    }

    /// @inheritdoc IReferenceData
    function roundAt(bytes32 series, uint32 referenceDate) external view returns (Round memory) {
        Round storage round = _rounds[series][referenceDate];
        if (round.publishedAt == 0) revert NoRoundAt(series, referenceDate);
        return round;
    }

    /// @inheritdoc IReferenceData
    function latestFresh(bytes32 series, uint256 maxAge) external view returns (Round memory) {
        Round storage round = _latest(series);
        uint256 age = _age(series, round.referenceDate);
        if (age > maxAge) revert StaleRound(series, round.referenceDate, age, maxAge);
        return round;
    }

    /// @inheritdoc IReferenceData
    function ageOf(bytes32 series) external view returns (uint256) {
        return _age(series, _latest(series).referenceDate);
    }

    /// @inheritdoc IReferenceData
    function seriesConfig(bytes32 series) external view returns (SeriesConfig memory) {
        return _series[series];
    }

    /// @inheritdoc IReferenceData
    function seriesIds() external view returns (bytes32[] memory) {
        return _seriesIds;
    }

    /// @inheritdoc IReferenceData
    function reporters()
        external
        view
        returns (address[] memory list, uint16 faultTolerance, uint16 quorum, uint16 amendmentQuorum, uint64 version)
    {
        return (_reporterList, _faultTolerance, _quorum, _amendmentQuorum, _version);
    }

    /// @inheritdoc IReferenceData
    function configVersion() external view returns (uint64) {
        return _version;
    }

    /// @inheritdoc IReferenceData
    function isHoliday(uint32 day) external view returns (bool) {
        return _holidays.isHoliday(day);
    }

    /// @inheritdoc IReferenceData
    function isBusinessDay(uint32 day) external view returns (bool) {
        return !BusinessCalendar.isWeekend(day) && !_holidays.isHoliday(day);
    }

    /// @inheritdoc IReferenceData
    function today() external view returns (uint32) {
        return _today();
    }

    /// @inheritdoc IReferenceData
    function voteOf(bytes32 series, uint32 referenceDate, address reporter)
        external
        view
        returns (bool voted, int256 value, bytes32 sourceHash, uint64 observedAt)
    {
        StoredVote storage stored = _votes[_voteKey(series, referenceDate, _version)][reporter];
        return (stored.voted, stored.value, stored.sourceHash, stored.observedAt);
    }

    /// @inheritdoc IReferenceData
    function observationDigest(
        bytes32 series,
        uint32 referenceDate,
        int256 value,
        bytes32 sourceHash,
        uint64 observedAt
    ) external view returns (bytes32) {
        return _digest(series, referenceDate, value, sourceHash, observedAt);
    }

    /// @notice ERC-165: IReferenceData and AccessControl's interfaces.
    /// @param interfaceId The interface id.
    /// @return True when supported.
    function supportsInterface(bytes4 interfaceId) public view override returns (bool) {
        return interfaceId == type(IReferenceData).interfaceId || super.supportsInterface(interfaceId);
    }

    // ------------------------------------------------------------------ internals

    /// @dev The checks every new round or amendment passes before any signature is looked at; returns
    /// whether the content amends a published round. A new round: date after the latest, at most the
    /// series' lead days after today, first of the month for monthly series. Both: value within bounds and within the maximum move
    /// of the round before (for an amendment, the round before the amended one).
    function _validate(Content memory content) private view returns (bool amendment) {
        (bytes32 series, uint32 referenceDate, int256 value) = (content.series, content.referenceDate, content.value);
        SeriesConfig storage config = _series[series];
        if (!config.active) revert UnknownSeries(series);
        if (_version == 0) revert ReportersNotConfigured();
        bool hasPrevious = false;
        int256 previous = 0;
        Round storage existing = _rounds[series][referenceDate];
        if (existing.publishedAt != 0) {
            if (existing.value == value) revert RoundAlreadyPublished(series, referenceDate);
            amendment = true;
            uint256 previousPlusOne = _previous[series][referenceDate];
            if (previousPlusOne != 0) {
                hasPrevious = true;
                previous = _rounds[series][uint32(previousPlusOne - 1)].value;
            }
        } else {
            uint32 latestDate = _latestDate[series];
            Round storage last = _rounds[series][latestDate];
            if (last.publishedAt != 0) {
                if (referenceDate <= latestDate) revert OutOfOrderRound(series, referenceDate, latestDate);
                hasPrevious = true;
                previous = last.value;
            }
            uint32 today_ = _today();
            if (referenceDate > today_ + uint32(config.leadDays)) {
                revert FutureReferenceDate(series, referenceDate, today_);
            }
            if (config.cadence == Cadence.Monthly && !BusinessCalendar.isFirstOfMonth(referenceDate)) {
                revert NotFirstOfMonth(series, referenceDate);
            }
        }
        if (value < config.minValue || value > config.maxValue) {
            revert ValueOutOfBounds(series, value, config.minValue, config.maxValue);
        }
        uint256 maxMove = config.maxMove;
        if (hasPrevious && maxMove != 0 && _distance(value, previous) > maxMove) {
            revert MoveTooLarge(series, value, previous, maxMove);
        }
    }

    /// @dev Index of the current reporter who signed `vote` over this content; reverts on a future
    /// observation time, a malformed signature or a signer outside the current configuration.
    function _signerIndex(Content memory content, Vote calldata vote, uint256 position) private view returns (uint256) {
        if (vote.observedAt > block.timestamp) revert FutureObservation(position, vote.observedAt);
        bytes32 digest =
            _digest(content.series, content.referenceDate, content.value, content.sourceHash, vote.observedAt);
        (address signer, ECDSA.RecoverError error, ) = ECDSA.tryRecover(digest, vote.signature);
        if (error != ECDSA.RecoverError.NoError) revert InvalidSignature(position);
        uint256 indexPlusOne = _reporterIndex[_version][signer];
        if (indexPlusOne == 0) revert NotAReporter(signer);
        return indexPlusOne - 1;
    }

    /// @dev Writes a new round (linking it to the latest) or amends the one on `referenceDate`, and emits.
    function _commit(Content memory content, uint64 observedAt, uint16 signers, bool amendment) private {
        bytes32 series = content.series;
        uint32 referenceDate = content.referenceDate;
        Round storage round = _rounds[series][referenceDate];
        uint64 version = _version;
        if (amendment) {
            int256 previousValue = round.value;
            round.value = content.value;
            round.observedAt = observedAt;
            round.publishedAt = uint64(block.timestamp);
            round.sourceHash = content.sourceHash;
            round.configVersion = version;
            round.signers = signers;
            round.amendments += 1;
            emit RoundAmended(
                series, referenceDate, previousValue, content.value, content.sourceHash, version, signers
            );
        } else {
            if (_hasRound(series)) _previous[series][referenceDate] = uint256(_latestDate[series]) + 1;
            _latestDate[series] = referenceDate;
            _rounds[series][referenceDate] = Round({
                value: content.value,
                referenceDate: referenceDate,
                observedAt: observedAt,
                publishedAt: uint64(block.timestamp),
                sourceHash: content.sourceHash,
                configVersion: version,
                signers: signers,
                amendments: 0
            });
            emit RoundPublished(series, referenceDate, content.value, content.sourceHash, observedAt, version, signers);
        }
    }

    /// @dev Emits {Disagreement} once per distinct other content among the published round and the other
    /// reporters' stored votes on this series and date (current version) that differs from the new vote.
    function _flagDisagreements(Content memory content, bytes32 voteKey, address reporter) private {
        uint256 n = _reporterList.length;
        bytes32[] memory flagged = new bytes32[](n + 1);
        uint256 flaggedCount = 0;
        Round storage published = _rounds[content.series][content.referenceDate];
        if (published.publishedAt != 0) {
            // the same value was refused by _validate, so the published round differs
            flaggedCount = _flag(content, reporter, published.value, published.sourceHash, flagged, flaggedCount);
        }
        for (uint256 i = 0; i < n; ++i) {
            address other = _reporterList[i];
            if (other == reporter) continue;
            StoredVote storage vote = _votes[voteKey][other];
            if (!vote.voted || (vote.value == content.value && vote.sourceHash == content.sourceHash)) continue;
            flaggedCount = _flag(content, reporter, vote.value, vote.sourceHash, flagged, flaggedCount);
        }
    }

    /// @dev Emits {Disagreement} against (otherValue, otherSourceHash) unless that content is among the
    /// first `flaggedCount` of `flagged`; returns the new count.
    function _flag(
        Content memory content,
        address reporter,
        int256 otherValue,
        bytes32 otherSourceHash,
        bytes32[] memory flagged,
        uint256 flaggedCount
    ) private returns (uint256) {
        bytes32 other = keccak256(abi.encode(otherValue, otherSourceHash));
        for (uint256 j = 0; j < flaggedCount; ++j) {
            if (flagged[j] == other) return flaggedCount;
        }
        flagged[flaggedCount] = other;
        emit Disagreement(
            content.series,
            content.referenceDate,
            reporter,
            content.value,
            content.sourceHash,
            otherValue,
            otherSourceHash
        );
        return flaggedCount + 1;
    }

    /// @dev The latest round of `series`; reverts {NoRound} when it has none.
    function _latest(bytes32 series) private view returns (Round storage round) {
        round = _rounds[series][_latestDate[series]];
        if (round.publishedAt == 0) revert NoRound(series);
    }

    /// @dev Whether `series` has at least one round.
    function _hasRound(bytes32 series) private view returns (bool) {
        return _rounds[series][_latestDate[series]].publishedAt != 0;
    }

    /// @dev Age of a round dated `referenceDate`: business days (Daily) or months (Monthly) up to today.
    function _age(bytes32 series, uint32 referenceDate) private view returns (uint256) {
        uint32 today_ = _today();
        if (today_ <= referenceDate) return 0;
        if (_series[series].cadence == Cadence.Monthly) return BusinessCalendar.monthsBetween(referenceDate, today_);
        return _holidays.businessDaysBetween(referenceDate, today_);
    }

    /// @dev Today's day number in Brasília (UTC-3).
    function _today() private view returns (uint32) {
        return block.timestamp < 3 hours ? 0 : uint32((block.timestamp - 3 hours) / 1 days);
    }

    /// @dev Key of the stored votes on one series, date and configuration version.
    function _voteKey(bytes32 series, uint32 referenceDate, uint64 version) private pure returns (bytes32) {
        return keccak256(abi.encode(series, referenceDate, version));
    }

    /// @dev EIP-712 digest of an observation in the current configuration version.
    function _digest(bytes32 series, uint32 referenceDate, int256 value, bytes32 sourceHash, uint64 observedAt)
        private
        view
        returns (bytes32)
    {
        return _hashTypedDataV4(
            keccak256(abi.encode(OBSERVATION_TYPEHASH, series, referenceDate, value, sourceHash, observedAt, _version))
        );
    }

    /// @dev |a - b| without overflow: the two's-complement difference of the larger minus the smaller.
    function _distance(int256 a, int256 b) private pure returns (uint256) {
        unchecked {
            return a >= b ? uint256(a) - uint256(b) : uint256(b) - uint256(a);
        }
    }
}
