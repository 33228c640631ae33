// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title ITPFt
/// @notice Interface of the tokenized federal public bond (Título Público Federal tokenizado, TPFt): an
/// ERC-1155 where each id is one bond series identified by acronym, code and maturity date, quantities
/// carry 2 decimals, only enabled wallets may hold bonds, and the Treasury (STN) creates and mints them.
/// @dev ABI-compatible with the pilot's `ITPFt`; the extra views and errors below are additions.
interface ITPFt {
    /// @notice Identification of a bond series.
    /// @param acronym The bond's acronym (e.g. "LTN").
    /// @param code The bond's unique Selic code.
    /// @param maturityDate Maturity date as a Unix timestamp.
    struct TPFtData {
        string acronym;
        string code;
        uint256 maturityDate;
    }

    /// @notice The action is reserved to holders of MINTER_ROLE (creating and minting TPFt).
    error OnlyMinterContract();

    /// @notice The action is reserved to holders of DIRECT_PLACEMENT_ROLE (direct placement).
    error OnlyDirectPlacementContract();

    /// @notice No bond series matches the given id or data.
    /// @param tpftId The id looked up (0 when looked up by data).
    error TPFtNotFound(uint256 tpftId);

    /// @notice A series with the same acronym, code and maturity date already exists.
    /// @param tpftId Its id.
    error TPFtAlreadyExists(uint256 tpftId);

    /// @notice The acronym or code is empty, or the maturity date is zero.
    error InvalidTPFtData();

    /// @notice A new series would mature at or before the current block time: it would be born matured,
    /// only repayable. (Stricter than the pilot, which accepts any non-zero maturity.)
    /// @param maturityDate The maturity date given.
    /// @param blockTimestamp The current block's timestamp.
    error TPFtMaturityInPast(uint256 maturityDate, uint256 blockTimestamp);

    /// @notice The wallet is not enabled to hold TPFt.
    /// @param account The wallet.
    error TPFtAccountNotEnabled(address account);

    /// @notice The series is paused for operations (transfers and mints); burns remain possible.
    /// @param tpftId The series.
    error TPFtIdPaused(uint256 tpftId);

    /// @notice The series has matured: it can no longer be minted or transferred, only repaid and burned.
    /// @param tpftId The series.
    /// @param maturityDate Its maturity date.
    error TPFtMatured(uint256 tpftId, uint256 maturityDate);

    /// @notice The balance not frozen is smaller than the amount to transfer or burn.
    /// @param account The wallet.
    /// @param tpftId The series.
    /// @param available Balance minus frozen balance.
    /// @param needed The amount requested.
    error TPFtInsufficientUnfrozenBalance(address account, uint256 tpftId, uint256 available, uint256 needed);

    /// @notice Freezing would make the frozen balance exceed the balance.
    /// @param account The wallet.
    /// @param tpftId The series.
    /// @param balance Its balance.
    /// @param frozenAfter The frozen balance that was requested.
    error TPFtFreezeExceedsBalance(address account, uint256 tpftId, uint256 balance, uint256 frozenAfter);

    /// @notice Attempt to unfreeze more than the frozen balance.
    /// @param account The wallet.
    /// @param tpftId The series.
    /// @param frozen Its frozen balance.
    /// @param needed The amount requested.
    error TPFtInsufficientFrozenBalance(address account, uint256 tpftId, uint256 frozen, uint256 needed);

    /// @notice The amount is zero.
    error TPFtZeroAmount();

    /// @notice A direct placement from a wallet that is not the caller and has not approved it
    /// (`setApprovalForAll`).
    /// @param from The origin wallet.
    /// @param caller The caller.
    error TPFtDirectPlacementNotAuthorized(address from, address caller);

    /// @notice Emitted when a bond series is created.
    /// @param tpftId The new id.
    /// @param acronym The acronym.
    /// @param code The code.
    /// @param maturityDate The maturity date.
    event TPFtCreated(uint256 indexed tpftId, string acronym, string code, uint256 maturityDate);

    /// @notice Emitted when a wallet's frozen balance of a series changes.
    /// @param account The wallet.
    /// @param tpftId The series.
    /// @param frozenBalance The frozen balance after the change.
    event TPFtFrozenBalance(address indexed account, uint256 indexed tpftId, uint256 frozenBalance);

    /// @notice Emitted when a series is paused or resumed.
    /// @param tpftId The series.
    /// @param paused The new pause status.
    event TPFtIdPauseChanged(uint256 indexed tpftId, bool paused);

    /// @notice Emitted when the repayment status of a wallet's position changes.
    /// @param account The wallet.
    /// @param tpftId The series.
    /// @param status True when repaid.
    event TPFtPaymentStatusChanged(address indexed account, uint256 indexed tpftId, bool status);

    /// @notice Emitted when bonds are placed directly (free of payment) by the Treasury.
    /// @param from The origin wallet.
    /// @param to The destination wallet.
    /// @param tpftId The series.
    /// @param tpftAmount The quantity (2 decimals).
    event TPFtDirectPlacement(address indexed from, address indexed to, uint256 indexed tpftId, uint256 tpftAmount);

    /// @notice Name of the token.
    /// @return The name.
    function name() external view returns (string memory);

    /// @notice Id of the series identified by `tpftData`.
    /// @param tpftData Acronym, code and maturity date.
    /// @return The id, or 0 when no such series exists.
    function getTPFtId(TPFtData calldata tpftData) external view returns (uint256);

    /// @notice Data of a series (addition to the pilot ABI).
    /// @param tpftId The series.
    /// @return The series' acronym, code and maturity date (empty when it does not exist).
    function getTPFtData(uint256 tpftId) external view returns (TPFtData memory);

    /// @notice Creates a new series. Only MINTER_ROLE; the maturity date must be after the current block time.
    /// @param tpftData Acronym, code and maturity date.
    function createTPFt(TPFtData calldata tpftData) external;

    /// @notice Mints bonds of an existing series. Only MINTER_ROLE; the receiver is the Treasury (STN).
    /// @param receiverAddress The receiving wallet (enabled).
    /// @param tpftId The series.
    /// @param tpftAmount The quantity (2 decimals).
    function mint(address receiverAddress, uint256 tpftId, uint256 tpftAmount) external;

    /// @notice Mints bonds of an existing series identified by its data. Only MINTER_ROLE.
    /// @param receiverAddress The receiving wallet (enabled).
    /// @param tpftData Acronym, code and maturity date.
    /// @param tpftAmount The quantity (2 decimals).
    function mint(address receiverAddress, TPFtData calldata tpftData, uint256 tpftAmount) external;

    /// @notice Direct placement: moves bonds free of payment. Only DIRECT_PLACEMENT_ROLE.
    /// @dev Tightening (docs/security.md): the pilot moves any holder's bonds. Here `from` must be the
    /// caller or have approved it (`setApprovalForAll`), else {TPFtDirectPlacementNotAuthorized}.
    /// @param from The origin wallet.
    /// @param to The destination wallet (enabled).
    /// @param tpftData Acronym, code and maturity date.
    /// @param tpftAmount The quantity (2 decimals).
    function directPlacement(address from, address to, TPFtData calldata tpftData, uint256 tpftAmount) external;

    /// @notice Balance of a series in a wallet.
    /// @param wallet The wallet.
    /// @param tpftId The series.
    /// @return The balance (2 decimals).
    function balanceOf(address wallet, uint256 tpftId) external view returns (uint256);

    /// @notice Number of decimals of TPFt quantities.
    /// @return Always 2.
    function decimals() external view returns (uint256);

    /// @notice Freezes `tpftAmount` more of a wallet's position. Only FREEZER_ROLE.
    /// @param from The wallet.
    /// @param tpftData The series.
    /// @param tpftAmount The quantity to freeze.
    function increaseFrozenBalance(address from, TPFtData calldata tpftData, uint256 tpftAmount) external;

    /// @notice Unfreezes `tpftAmount` of a wallet's frozen position. Only FREEZER_ROLE.
    /// @param from The wallet.
    /// @param tpftData The series.
    /// @param tpftAmount The quantity to unfreeze.
    function decreaseFrozenBalance(address from, TPFtData calldata tpftData, uint256 tpftAmount) external;

    /// @notice Frozen part of a wallet's position (addition to the pilot ABI).
    /// @param account The wallet.
    /// @param tpftId The series.
    /// @return The frozen quantity.
    function frozenBalanceOf(address account, uint256 tpftId) external view returns (uint256);

    /// @notice Pauses every transfer, mint and burn. Only DEFAULT_ADMIN_ROLE (BCB).
    function pause() external;

    /// @notice Resumes the token. Only DEFAULT_ADMIN_ROLE (BCB).
    function unpause() external;

    /// @notice Sets whether a wallet's position in a series was repaid. Only REPAYMENT_ROLE.
    /// @param account The wallet.
    /// @param tpftId The series.
    /// @param status True when repaid.
    function setPaymentStatus(address account, uint256 tpftId, bool status) external;

    /// @notice Whether a wallet's position in a series was repaid.
    /// @param account The wallet.
    /// @param tpftId The series.
    /// @return True when repaid.
    function getPaymentStatus(address account, uint256 tpftId) external view returns (bool);

    /// @notice Pauses or resumes one series for operations. Only REPAYMENT_ROLE.
    /// @param tpftId The series.
    /// @param status True to pause.
    function setTpftIdToPaused(uint256 tpftId, bool status) external;

    /// @notice Whether a series is paused for operations.
    /// @param tpftId The series.
    /// @return True when paused.
    function isTpftIdPaused(uint256 tpftId) external view returns (bool);

    /// @notice Burns bonds of a series by id. Only REPAYMENT_ROLE (or MINTER_ROLE on its own wallet).
    /// @param from The wallet.
    /// @param tpftId The series.
    /// @param tpftAmount The quantity.
    function burn(address from, uint256 tpftId, uint256 tpftAmount) external;

    /// @notice Burns bonds of a series identified by its data. Same rules as the overload by id.
    /// @param from The wallet.
    /// @param tpftData The series.
    /// @param tpftAmount The quantity.
    function burn(address from, TPFtData calldata tpftData, uint256 tpftAmount) external;

    /// @notice Whether a wallet may hold TPFt.
    /// @param member The wallet.
    /// @return True when enabled.
    function isEnabledAddress(address member) external view returns (bool);
}
