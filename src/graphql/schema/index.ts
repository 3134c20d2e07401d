import "./root.js";
import "./call.js";
import "./turn.js";
import "./action-item.js";
import "./caller.js";
import "./caller-rule.js";
import "./search.js";
import "./stats.js";
