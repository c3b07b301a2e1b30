using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using PolicyEngine.Portal.Storage;

namespace PolicyEngine.Portal.Pages.Audit;

/// <summary>
/// Walks the decision hash chain and checks the signed chain heads on every request, and shows
/// whether both verify or where they first break.
/// </summary>
public sealed class IndexModel(
    DecisionRepository decisions, ChainHeadRepository chainHeads, IStringLocalizerFactory localizers) : PageModel
{
    public ChainVerification Chain { get; private set; } = null!;

    public ChainSignatureVerification Signatures { get; private set; } = null!;

    /// <summary>Id of the first broken decision, for the link to it; null when the chain verifies.</summary>
    public string? BrokenDecisionId { get; private set; }

    /// <summary>Id of the decision a signature problem concerns, when that decision still exists.</summary>
    public string? SignatureProblemDecisionId { get; private set; }

    // NOTE: each request reads and hashes every decision and verifies every signature, which
    // takes time in proportion to the log's length; nothing caches or limits it yet.
    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Chain = await decisions.VerifyChainAsync(cancellationToken, localizers.Create(typeof(ChainWalk)));
        Signatures = await chainHeads.VerifyAsync(cancellationToken, localizers.Create(typeof(ChainHeadRepository)));
        if (Chain.FirstBrokenSequence is { } broken)
        {
            BrokenDecisionId = await decisions.FindIdAsync(broken, cancellationToken);
        }

        if (Signatures.ProblemSequence is { } sequence)
        {
            SignatureProblemDecisionId = await decisions.FindIdAsync(sequence, cancellationToken);
        }
    }
}
