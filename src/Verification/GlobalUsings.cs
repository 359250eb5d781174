// Every claim builds figures for its report; the figure types are the Verification layer's
// vocabulary, so they are imported once here rather than in each claim file.
global using ProbSig.Verification.Figures;
