// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

// The original per-task InferencePayment, kept verbatim except for OpenZeppelin v5 import paths, the
// in-repo Chainlink interface and the contract name. NOT DEPLOYED: it exists only so
// bench/settlementGas.ts can measure its per-task gas against the corrected contract.

import "@openzeppelin/contracts/access/AccessControl.sol";
import "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import "../interfaces/AggregatorV3Interface.sol";

interface IFARToken {
    function transfer(address to, uint256 amount) external returns (bool);
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
    function balanceOf(address account) external view returns (uint256);
}

contract SeedInferencePayment is AccessControl, ReentrancyGuard {
    bytes32 public constant ORACLE_ROLE = keccak256("ORACLE_ROLE");
    bytes32 public constant NODE_ROLE = keccak256("NODE_ROLE");
    
    IFARToken public farToken;
    AggregatorV3Interface public priceFeed;
    
    struct Task {
        address user;
        address node;
        uint256 amount;
        uint256 timestamp;
        bool completed;
        bool distributed;
    }
    
    struct NodeInfo {
        address owner;
        uint256 totalEarned;
        uint256 tasksCompleted;
        uint256 reliability; // 0-100 score
        bool active;
    }
    
    mapping(bytes32 => Task) public tasks;
    mapping(address => NodeInfo) public nodes;
    mapping(address => uint256) public userBalances;
    
    uint256 public constant NODE_SHARE = 60; // 60%
    uint256 public constant STAKER_SHARE = 20; // 20%
    uint256 public constant TREASURY_SHARE = 20; // 20%
    
    address public stakingContract;
    address public treasury;
    
    event TaskCreated(bytes32 taskId, address user, uint256 amount);
    event TaskCompleted(bytes32 taskId, address node, uint256 nodePayment);
    event NodeRegistered(address node, address owner);
    event NodeRatingUpdated(address node, uint256 newRating);
    
    constructor(
        address _farToken,
        address _stakingContract,
        address _treasury,
        address _priceFeed
    ) {
        farToken = IFARToken(_farToken);
        stakingContract = _stakingContract;
        treasury = _treasury;
        priceFeed = AggregatorV3Interface(_priceFeed);
        
        _grantRole(DEFAULT_ADMIN_ROLE, msg.sender);
        _grantRole(ORACLE_ROLE, msg.sender);
    }
    
    function deposit(uint256 _amount) external nonReentrant {
        require(_amount > 0, "Invalid amount");
        require(
            farToken.transferFrom(msg.sender, address(this), _amount),
            "Transfer failed"
        );
        
        userBalances[msg.sender] += _amount;
    }
    
    function createTask(
        bytes32 _taskId,
        uint256 _estimatedCost
    ) external nonReentrant {
        require(userBalances[msg.sender] >= _estimatedCost, "Insufficient balance");
        require(tasks[_taskId].user == address(0), "Task already exists");
        
        tasks[_taskId] = Task({
            user: msg.sender,
            node: address(0),
            amount: _estimatedCost,
            timestamp: block.timestamp,
            completed: false,
            distributed: false
        });
        
        userBalances[msg.sender] -= _estimatedCost;
        
        emit TaskCreated(_taskId, msg.sender, _estimatedCost);
    }
    
    function completeTask(
        bytes32 _taskId,
        address _node,
        uint256 _actualCost,
        uint256 _performanceScore
    ) external onlyRole(ORACLE_ROLE) nonReentrant {
        Task storage task = tasks[_taskId];
        require(task.user != address(0), "Task does not exist");
        require(!task.completed, "Task already completed");
        require(nodes[_node].active, "Node not active");
        
        task.completed = true;
        task.node = _node;
        
        // Calculate performance adjustment (±10% based on score)
        uint256 adjustment = 100;
        if (_performanceScore > 80) {
            adjustment = 100 + ((_performanceScore - 80) / 2); // Up to +10%
        } else if (_performanceScore < 80) {
            adjustment = 100 - ((80 - _performanceScore) / 2); // Up to -10%
        }
        
        // Calculate distributions
        uint256 nodePayment = (_actualCost * NODE_SHARE * adjustment) / 10000;
        uint256 stakerPayment = (_actualCost * STAKER_SHARE) / 100;
        uint256 treasuryPayment = (_actualCost * TREASURY_SHARE) / 100;
        
        // Refund excess to user if actual < estimated
        if (_actualCost < task.amount) {
            userBalances[task.user] += (task.amount - _actualCost);
        }
        
        // Distribute payments
        require(farToken.transfer(_node, nodePayment), "Node payment failed");
        require(farToken.transfer(stakingContract, stakerPayment), "Staker payment failed");
        require(farToken.transfer(treasury, treasuryPayment), "Treasury payment failed");
        
        // Update node stats
        nodes[_node].totalEarned += nodePayment;
        nodes[_node].tasksCompleted++;
        nodes[_node].reliability = (_performanceScore + nodes[_node].reliability) / 2;
        
        task.distributed = true;
        
        emit TaskCompleted(_taskId, _node, nodePayment);
    }
    
    function registerNode(address _owner) external onlyRole(ORACLE_ROLE) {
        require(!nodes[_owner].active, "Node already registered");
        
        nodes[_owner] = NodeInfo({
            owner: _owner,
            totalEarned: 0,
            tasksCompleted: 0,
            reliability: 80, // Start with base score
            active: true
        });
        
        _grantRole(NODE_ROLE, _owner);
        
        emit NodeRegistered(_owner, _owner);
    }
    
    function updateNodeRating(
        address _node,
        uint256 _newRating
    ) external onlyRole(ORACLE_ROLE) {
        require(nodes[_node].active, "Node not active");
        require(_newRating <= 100, "Invalid rating");
        
        nodes[_node].reliability = _newRating;
        
        emit NodeRatingUpdated(_node, _newRating);
    }
    
    function withdraw(uint256 _amount) external nonReentrant {
        require(userBalances[msg.sender] >= _amount, "Insufficient balance");
        
        userBalances[msg.sender] -= _amount;
        require(farToken.transfer(msg.sender, _amount), "Transfer failed");
    }
    
    function getLatestPrice() public view returns (int256) {
        (, int256 price, , , ) = priceFeed.latestRoundData();
        return price;
    }
}
