// The Verification layer's vocabulary, imported once here rather than in each of its files:
// every claim states an experiment (Experiments, Empirics.Experiments), reads Theory's
// signatures, flows and metrics, and builds figures for the report with the shared number
// formatting of ClaimFigures. A file imports here only what is particular to it.
global using MathNet.Numerics.LinearAlgebra;
global using ProbSig.Empirics.Experiments;
global using ProbSig.Empirics.Models;
global using ProbSig.Empirics.Training;
global using ProbSig.Theory.Flow;
global using ProbSig.Theory.Metrics;
global using ProbSig.Theory.Populations;
global using ProbSig.Theory.Signatures;
global using ProbSig.Theory.Tasks;
global using ProbSig.Verification.Experiments;
global using ProbSig.Verification.Figures;
global using static ProbSig.Verification.Claims.ClaimFigures;
