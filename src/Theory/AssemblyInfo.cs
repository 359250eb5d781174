// ProbSig.Theory: probability signatures, closed-form gradient-flow predictions and
// comparison metrics, computed from data alone (THEORY.md sections 1 to 5).
