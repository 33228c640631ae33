// SPDX-License-Identifier: GPL-3.0
/*
    Copyright 2021 0KIMS association.

    This file is generated with [snarkJS](https://github.com/iden3/snarkjs).

    snarkJS is a free software: you can redistribute it and/or modify it
    under the terms of the GNU General Public License as published by
    the Free Software Foundation, either version 3 of the License, or
    (at your option) any later version.

    snarkJS is distributed in the hope that it will be useful, but WITHOUT
    ANY WARRANTY; without even the implied warranty of MERCHANTABILITY
    or FITNESS FOR A PARTICULAR PURPOSE. See the GNU General Public
    License for more details.

    You should have received a copy of the GNU General Public License
    along with snarkJS. If not, see <https://www.gnu.org/licenses/>.
*/

pragma solidity >=0.7.0 <0.9.0;

contract JoinSplitVerifier {
    // Scalar field size
    uint256 constant r    = 21888242871839275222246405745257275088548364400416034343698204186575808495617;
    // Base field size
    uint256 constant q   = 21888242871839275222246405745257275088696311157297823662689037894645226208583;

    // Verification Key data
    uint256 constant alphax  = 17958036572563329090805563848226001998726367349088734006735573988545811954155;
    uint256 constant alphay  = 5630229519011735156253866833624189376306073063292949272018392300296822741858;
    uint256 constant betax1  = 4697211171919596798083350209856508316450042400374307755229185424232045636991;
    uint256 constant betax2  = 19117166712987470629750525656663611544434539380776711814837776072766329256673;
    uint256 constant betay1  = 13833466811770761130927107495857049775914717341307976351634423649407236610088;
    uint256 constant betay2  = 2635891357584954375119003576575953936660253080643725260873513000307887920462;
    uint256 constant gammax1 = 11559732032986387107991004021392285783925812861821192530917403151452391805634;
    uint256 constant gammax2 = 10857046999023057135944570762232829481370756359578518086990519993285655852781;
    uint256 constant gammay1 = 4082367875863433681332203403145435568316851327593401208105741076214120093531;
    uint256 constant gammay2 = 8495653923123431417604973247489272438418190587263600148770280649306958101930;
    uint256 constant deltax1 = 11052579008744365935631156900398235280065705101834544660349114832436380860778;
    uint256 constant deltax2 = 1976063540889081544798427927828298077338142920737306480103079101426681048553;
    uint256 constant deltay1 = 20326947540502287710193528801550377862142291240328953799083842949625922850975;
    uint256 constant deltay2 = 3998337118792612225267154679807311567506559381493417891687620815416259947429;

    
    uint256 constant IC0x = 4605814161021595423185786283283250862978402788105373548209825169492065980278;
    uint256 constant IC0y = 13464907616979384372097887663865767552680132915983255395500083712700337358466;
    
    uint256 constant IC1x = 14001275962750960436044516986137629837682279583186434431538679945572513292556;
    uint256 constant IC1y = 1127724813210619151251069736522128804575481962375146410468851596062391152028;
    
    uint256 constant IC2x = 2492570790770880674509964685506809326557627769573875682626950514212974649127;
    uint256 constant IC2y = 13247258067957362083872995185179527630401131491466746590990462637719421040772;
    
    uint256 constant IC3x = 3627417437159313367095435530633801964003836124727831249320125131370586160191;
    uint256 constant IC3y = 4492903765548999096491666879661990236870370989428041138427638930349225715360;
    
    uint256 constant IC4x = 5232588592956898913594852858437062557024143066215941085474780062029498961878;
    uint256 constant IC4y = 2009903058458303603440672855136253845882735703068458768691203729653606966836;
    
    uint256 constant IC5x = 15567143303543056122814211570889654277691634759408483853837989254828991842624;
    uint256 constant IC5y = 10406151937484763429197444143023427663620603684034736309786749558917561615953;
    
    uint256 constant IC6x = 6773847990279749592152312549944042573444240855134932689451570501217700873897;
    uint256 constant IC6y = 2720116132374022934094225086098125175220841618080373467085137268028694481969;
    
    uint256 constant IC7x = 21325052363928779060519336220918332839032117559487378701894116599241005812358;
    uint256 constant IC7y = 20060088242078404483433145045909564212832964121430415949215094687016344159205;
    
    uint256 constant IC8x = 11896125228667989804170337835635555410867934153755755520869696135196037733767;
    uint256 constant IC8y = 1546322022309957700384557832119418459250376935535325808685296474211432817983;
    
    uint256 constant IC9x = 8537859055746382959078144470931977754493240856117024812027300834426228149152;
    uint256 constant IC9y = 19169836075685944687158866312073975212056454850142096207287383613400339925934;
    
    uint256 constant IC10x = 15610237309223213282197230751144275055483886289850266554464925676227837526645;
    uint256 constant IC10y = 8335202192829612847438815001758276226528911467257615632851868472083092504781;
    
    uint256 constant IC11x = 17032300121010688643045332990303653601409645711467162686978615982016677462463;
    uint256 constant IC11y = 10572007607140695548286265467203815946729212741730170913768631987399004503427;
    
 
    // Memory data
    uint16 constant pVk = 0;
    uint16 constant pPairing = 128;

    uint16 constant pLastMem = 896;

    function verifyProof(uint[2] calldata _pA, uint[2][2] calldata _pB, uint[2] calldata _pC, uint[11] calldata _pubSignals) public view returns (bool) {
        assembly {
            function checkField(v) {
                if iszero(lt(v, r)) {
                    mstore(0, 0)
                    return(0, 0x20)
                }
            }
            
            // G1 function to multiply a G1 value(x,y) to value in an address
            function g1_mulAccC(pR, x, y, s) {
                let success
                let mIn := mload(0x40)
                mstore(mIn, x)
                mstore(add(mIn, 32), y)
                mstore(add(mIn, 64), s)

                success := staticcall(sub(gas(), 2000), 7, mIn, 96, mIn, 64)

                if iszero(success) {
                    mstore(0, 0)
                    return(0, 0x20)
                }

                mstore(add(mIn, 64), mload(pR))
                mstore(add(mIn, 96), mload(add(pR, 32)))

                success := staticcall(sub(gas(), 2000), 6, mIn, 128, pR, 64)

                if iszero(success) {
                    mstore(0, 0)
                    return(0, 0x20)
                }
            }

            function checkPairing(pA, pB, pC, pubSignals, pMem) -> isOk {
                let _pPairing := add(pMem, pPairing)
                let _pVk := add(pMem, pVk)

                mstore(_pVk, IC0x)
                mstore(add(_pVk, 32), IC0y)

                // Compute the linear combination vk_x
                
                g1_mulAccC(_pVk, IC1x, IC1y, calldataload(add(pubSignals, 0)))
                
                g1_mulAccC(_pVk, IC2x, IC2y, calldataload(add(pubSignals, 32)))
                
                g1_mulAccC(_pVk, IC3x, IC3y, calldataload(add(pubSignals, 64)))
                
                g1_mulAccC(_pVk, IC4x, IC4y, calldataload(add(pubSignals, 96)))
                
                g1_mulAccC(_pVk, IC5x, IC5y, calldataload(add(pubSignals, 128)))
                
                g1_mulAccC(_pVk, IC6x, IC6y, calldataload(add(pubSignals, 160)))
                
                g1_mulAccC(_pVk, IC7x, IC7y, calldataload(add(pubSignals, 192)))
                
                g1_mulAccC(_pVk, IC8x, IC8y, calldataload(add(pubSignals, 224)))
                
                g1_mulAccC(_pVk, IC9x, IC9y, calldataload(add(pubSignals, 256)))
                
                g1_mulAccC(_pVk, IC10x, IC10y, calldataload(add(pubSignals, 288)))
                
                g1_mulAccC(_pVk, IC11x, IC11y, calldataload(add(pubSignals, 320)))
                

                // -A
                mstore(_pPairing, calldataload(pA))
                mstore(add(_pPairing, 32), mod(sub(q, calldataload(add(pA, 32))), q))

                // B
                mstore(add(_pPairing, 64), calldataload(pB))
                mstore(add(_pPairing, 96), calldataload(add(pB, 32)))
                mstore(add(_pPairing, 128), calldataload(add(pB, 64)))
                mstore(add(_pPairing, 160), calldataload(add(pB, 96)))

                // alpha1
                mstore(add(_pPairing, 192), alphax)
                mstore(add(_pPairing, 224), alphay)

                // beta2
                mstore(add(_pPairing, 256), betax1)
                mstore(add(_pPairing, 288), betax2)
                mstore(add(_pPairing, 320), betay1)
                mstore(add(_pPairing, 352), betay2)

                // vk_x
                mstore(add(_pPairing, 384), mload(add(pMem, pVk)))
                mstore(add(_pPairing, 416), mload(add(pMem, add(pVk, 32))))


                // gamma2
                mstore(add(_pPairing, 448), gammax1)
                mstore(add(_pPairing, 480), gammax2)
                mstore(add(_pPairing, 512), gammay1)
                mstore(add(_pPairing, 544), gammay2)

                // C
                mstore(add(_pPairing, 576), calldataload(pC))
                mstore(add(_pPairing, 608), calldataload(add(pC, 32)))

                // delta2
                mstore(add(_pPairing, 640), deltax1)
                mstore(add(_pPairing, 672), deltax2)
                mstore(add(_pPairing, 704), deltay1)
                mstore(add(_pPairing, 736), deltay2)


                let success := staticcall(sub(gas(), 2000), 8, _pPairing, 768, _pPairing, 0x20)

                isOk := and(success, mload(_pPairing))
            }

            let pMem := mload(0x40)
            mstore(0x40, add(pMem, pLastMem))

            // Validate that all evaluations ∈ F
            
            checkField(calldataload(add(_pubSignals, 0)))
            
            checkField(calldataload(add(_pubSignals, 32)))
            
            checkField(calldataload(add(_pubSignals, 64)))
            
            checkField(calldataload(add(_pubSignals, 96)))
            
            checkField(calldataload(add(_pubSignals, 128)))
            
            checkField(calldataload(add(_pubSignals, 160)))
            
            checkField(calldataload(add(_pubSignals, 192)))
            
            checkField(calldataload(add(_pubSignals, 224)))
            
            checkField(calldataload(add(_pubSignals, 256)))
            
            checkField(calldataload(add(_pubSignals, 288)))
            
            checkField(calldataload(add(_pubSignals, 320)))
            

            // Validate all evaluations
            let isValid := checkPairing(_pA, _pB, _pC, _pubSignals, pMem)

            mstore(0, isValid)
             return(0, 0x20)
         }
     }
 }
