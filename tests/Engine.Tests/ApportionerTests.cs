using PolicyEngine.Engine.Apportionment;
using PolicyEngine.Engine.Cases;
using PolicyEngine.Engine.Rules;
using static PolicyEngine.Engine.Tests.Findings;

namespace PolicyEngine.Engine.Tests;

public sealed class ApportionerTests
{
    private static decimal AmountOf(Apportionment.Apportionment result, Party party) =>
        result.Shares.Single(s => s.Party == party).Amount;

    private static decimal PercentOf(Apportionment.Apportionment result, Party party) =>
        result.Shares.Single(s => s.Party == party).Percent;

    [Fact]
    public void Apportion_WeightsOneAndThree_SplitsProportionally()
    {
        var damage = new Damage(1000.00m, "EUR", DamageKind.Property);

        var result = Apportioner.Apportion(damage, [Liable(Party.Developer, 1), Liable(Party.Deployer, 3)], sharesDeterminable: true);

        Assert.Equal(ApportionmentMethod.Proportional, result.Method);
        Assert.Equal(250.00m, AmountOf(result, Party.Developer));
        Assert.Equal(750.00m, AmountOf(result, Party.Deployer));
        Assert.Equal(0m, AmountOf(result, Party.User));
        Assert.Equal(0m, AmountOf(result, Party.InjuredPerson));
        Assert.Equal(25m, PercentOf(result, Party.Developer));
        Assert.Equal(75m, PercentOf(result, Party.Deployer));
    }

    [Fact]
    public void Apportion_SeveralFindingsAgainstOneParty_AddUp()
    {
        var damage = new Damage(900m, "EUR", DamageKind.Property);
        Finding[] findings = [Liable(Party.Developer, 1), Liable(Party.Developer, 1), Liable(Party.User, 1)];

        var result = Apportioner.Apportion(damage, findings, sharesDeterminable: true);

        Assert.Equal(600m, AmountOf(result, Party.Developer));
        Assert.Equal(300m, AmountOf(result, Party.User));
    }

    [Fact]
    public void Apportion_UnknownWeight_SplitsEqually()
    {
        var damage = new Damage(100.00m, "EUR", DamageKind.Data);
        Finding[] findings = [Liable(Party.Developer, 5), Liable(Party.Deployer, null), Liable(Party.User, 1)];

        var result = Apportioner.Apportion(damage, findings, sharesDeterminable: true);

        Assert.Equal(ApportionmentMethod.Equal, result.Method);
        Assert.Equal(33.34m, AmountOf(result, Party.Developer));
        Assert.Equal(33.33m, AmountOf(result, Party.Deployer));
        Assert.Equal(33.33m, AmountOf(result, Party.User));
        Assert.Equal(33.34m, PercentOf(result, Party.Developer));
    }

    [Fact]
    public void Apportion_SharesNotDeterminable_SplitsEquallyDespiteWeights()
    {
        var damage = new Damage(10m, "EUR", DamageKind.Economic);

        var result = Apportioner.Apportion(damage, [Liable(Party.Developer, 9), Liable(Party.Deployer, 1)], sharesDeterminable: false);

        Assert.Equal(ApportionmentMethod.Equal, result.Method);
        Assert.Equal(5m, AmountOf(result, Party.Developer));
        Assert.Equal(5m, AmountOf(result, Party.Deployer));
    }

    [Fact]
    public void Apportion_OwnFault_ReducesRecoveryAndIsReportedAsShare()
    {
        // 10% stays with the injured person; 900 is split 1:2 between developer and deployer.
        var damage = new Damage(1000.00m, "EUR", DamageKind.PersonalInjury);
        Finding[] findings = [Liable(Party.Developer, 1), Liable(Party.Deployer, 2), OwnFault(10)];

        var result = Apportioner.Apportion(damage, findings, sharesDeterminable: true);

        Assert.Equal(300.00m, AmountOf(result, Party.Developer));
        Assert.Equal(600.00m, AmountOf(result, Party.Deployer));
        Assert.Equal(100.00m, AmountOf(result, Party.InjuredPerson));
        Assert.Equal(10m, PercentOf(result, Party.InjuredPerson));
        Assert.Contains("own fault of 10%", result.Explanation);
    }

    [Fact]
    public void Apportion_NoLiableParty_LeavesDamageWithInjuredPerson()
    {
        var damage = new Damage(250.50m, "USD", DamageKind.Property);

        var result = Apportioner.Apportion(damage, [], sharesDeterminable: true);

        Assert.Equal(ApportionmentMethod.NoLiableParty, result.Method);
        Assert.Equal(250.50m, AmountOf(result, Party.InjuredPerson));
        Assert.Equal(100m, PercentOf(result, Party.InjuredPerson));
        Assert.Contains("stays with the injured person", result.Explanation);
    }

    [Fact]
    public void Apportion_ZeroDamage_GivesZeroAmountsButFullPercentages()
    {
        var damage = new Damage(0m, "EUR", DamageKind.Property);

        var result = Apportioner.Apportion(damage, [Liable(Party.Developer, 1), Liable(Party.Deployer, 1)], sharesDeterminable: true);

        Assert.All(result.Shares, s => Assert.Equal(0m, s.Amount));
        Assert.Equal(100m, result.Shares.Sum(s => s.Percent));
    }

    [Fact]
    public void Apportion_Yen_RoundsToWholeUnits()
    {
        var damage = new Damage(100m, "JPY", DamageKind.Property);

        var result = Apportioner.Apportion(damage, [Liable(Party.Developer, 1), Liable(Party.Deployer, 1), Liable(Party.User, 1)], true);

        Assert.Equal(34m, AmountOf(result, Party.Developer));
        Assert.Equal(33m, AmountOf(result, Party.Deployer));
        Assert.Equal(33m, AmountOf(result, Party.User));
    }

    [Fact]
    public void Apportion_Dinar_RoundsToThreeDecimals()
    {
        var damage = new Damage(1.000m, "KWD", DamageKind.Property);

        var result = Apportioner.Apportion(damage, [Liable(Party.Developer, 1), Liable(Party.Deployer, 2)], true);

        Assert.Equal(0.333m, AmountOf(result, Party.Developer));
        Assert.Equal(0.667m, AmountOf(result, Party.Deployer));
    }

    [Fact]
    public void Apportion_TiedRemainders_GoInPartyOrder()
    {
        // Four equal quarters of 0.03 EUR: each exact share is 0.75 cent, so the three cents go to
        // developer, deployer and user, and the injured person's 25% own fault rounds to nothing.
        var damage = new Damage(0.03m, "EUR", DamageKind.Property);
        Finding[] findings = [Liable(Party.Developer, 1), Liable(Party.Deployer, 1), Liable(Party.User, 1), OwnFault(25)];

        var result = Apportioner.Apportion(damage, findings, true);

        Assert.Equal(0.01m, AmountOf(result, Party.Developer));
        Assert.Equal(0.01m, AmountOf(result, Party.Deployer));
        Assert.Equal(0.01m, AmountOf(result, Party.User));
        Assert.Equal(0.00m, AmountOf(result, Party.InjuredPerson));
    }

    [Fact]
    public void Apportion_TooManyDecimalsForCurrency_Throws()
    {
        var damage = new Damage(10.005m, "EUR", DamageKind.Property);

        var error = Assert.Throws<ArgumentException>(() => Apportioner.Apportion(damage, [], true));

        Assert.Contains("more than 2 decimal places", error.Message);
    }

    [Fact]
    public void Apportion_ManyRandomCases_SharesAlwaysSumExactly()
    {
        var random = new Random(20261204);
        string[] currencies = ["EUR", "JPY", "KWD", "USD"];
        for (int round = 0; round < 500; round++)
        {
            string currency = currencies[random.Next(currencies.Length)];
            int digits = Money.Currencies.MinorUnitDigits(currency);
            decimal amount = decimal.Round((decimal)random.NextDouble() * 1_000_000m, digits);
            var findings = Parties.Defendants
                .Where(_ => random.Next(2) == 0)
                .Select(p => Liable(p, random.Next(4) == 0 ? null : random.Next(0, 50)))
                .Append(OwnFault(random.Next(0, 101)))
                .ToList();

            var result = Apportioner.Apportion(new Damage(amount, currency, DamageKind.Economic), findings, random.Next(5) > 0);

            Assert.Equal(amount, result.Shares.Sum(s => s.Amount));
            Assert.Equal(100m, result.Shares.Sum(s => s.Percent));
            Assert.Equal(Parties.All, result.Shares.Select(s => s.Party));
        }
    }

    [Fact]
    public void Apportion_EveryEuWeightCombination_SumsExactly()
    {
        // Summed eu weights reach 0 to 4 for developer and deployer and 0 to 1 for the user;
        // 1:4:1 once produced a negative injured-person fraction through decimal rounding.
        foreach (decimal ownFault in new[] { 0m, 10m, 33.3m, 100m })
        {
            for (int developer = 0; developer <= 4; developer++)
            {
                for (int deployer = 0; deployer <= 4; deployer++)
                {
                    for (int user = 0; user <= 1; user++)
                    {
                        var findings = new List<Finding> { OwnFault(ownFault) };
                        findings.AddRange(Enumerable.Repeat(Liable(Party.Developer, 1), developer));
                        findings.AddRange(Enumerable.Repeat(Liable(Party.Deployer, 1), deployer));
                        findings.AddRange(Enumerable.Repeat(Liable(Party.User, 1), user));

                        var result = Apportioner.Apportion(new Damage(100m, "EUR", DamageKind.Property), findings, true);

                        Assert.Equal(100m, result.Shares.Sum(s => s.Amount));
                        Assert.Equal(100m, result.Shares.Sum(s => s.Percent));
                        Assert.All(result.Shares, s => Assert.True(s.Amount >= 0));
                    }
                }
            }
        }
    }

    [Fact]
    public void Apportion_WeightsOneFourOne_SplitsWithoutError()
    {
        var damage = new Damage(100m, "EUR", DamageKind.Property);
        Finding[] findings = [Liable(Party.Developer, 1), Liable(Party.Deployer, 4), Liable(Party.User, 1)];

        var result = Apportioner.Apportion(damage, findings, true);

        // 10,000 cents split 1:4:1 leaves equal remainders, so the two spare cents go to developer and deployer.
        Assert.Equal(16.67m, AmountOf(result, Party.Developer));
        Assert.Equal(66.67m, AmountOf(result, Party.Deployer));
        Assert.Equal(16.66m, AmountOf(result, Party.User));
        Assert.Equal(0.00m, AmountOf(result, Party.InjuredPerson));
    }

    [Fact]
    public void Apportion_Amounts_CarryCurrencyDecimals()
    {
        var damage = new Damage(10m, "EUR", DamageKind.Property);

        var result = Apportioner.Apportion(damage, [Liable(Party.Developer, 1)], true);

        Assert.Equal("10.00", AmountOf(result, Party.Developer).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("0.00", AmountOf(result, Party.User).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("10.00", result.Damage.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Apportion_DevelopmentRiskDefence_ClearsDeveloper()
    {
        var damage = new Damage(1000m, "EUR", DamageKind.Property);
        Finding[] findings =
        [
            Liable(Party.Developer, 2, LegalBasis.StrictProductLiability),
            Liable(Party.Deployer, 1),
            Effect(Party.Developer, FindingEffect.Exonerate),
        ];

        var result = Apportioner.Apportion(damage, findings, true);

        Assert.Equal(0m, AmountOf(result, Party.Developer));
        Assert.Equal(1000m, AmountOf(result, Party.Deployer));
        Assert.Contains("developer is exonerated", result.Explanation);
    }

    [Fact]
    public void Apportion_DefenceUnderOneBasis_LeavesOtherBasisStanding()
    {
        // A product-liability defence does not clear a breach of a statutory duty by the same party.
        var damage = new Damage(900m, "EUR", DamageKind.Property);
        Finding[] findings =
        [
            Liable(Party.Developer, 2, LegalBasis.StrictProductLiability),
            Liable(Party.Developer, 1, LegalBasis.StatutoryDuty),
            Liable(Party.Deployer, 2),
            Effect(Party.Developer, FindingEffect.Exonerate),
        ];

        var result = Apportioner.Apportion(damage, findings, true);

        Assert.Equal(300m, AmountOf(result, Party.Developer));
        Assert.Equal(600m, AmountOf(result, Party.Deployer));
        Assert.Contains("1 finding(s) against the developer are set aside", result.Explanation);
    }

    [Fact]
    public void Apportion_DefenceForOnlyLiableParty_LeavesDamageWithInjuredPerson()
    {
        var damage = new Damage(500m, "EUR", DamageKind.Property);
        Finding[] findings = [Liable(Party.Developer, 2, LegalBasis.StrictProductLiability), Effect(Party.Developer, FindingEffect.Exonerate)];

        var result = Apportioner.Apportion(damage, findings, true);

        Assert.Equal(ApportionmentMethod.NoLiableParty, result.Method);
        Assert.Equal(500m, AmountOf(result, Party.InjuredPerson));
    }

    [Fact]
    public void Apportion_RoleTransfer_DeployerAnswersForDeveloperFindings()
    {
        // The deployer substantially modified the model, so the developer's defect finding counts against it.
        var damage = new Damage(900m, "EUR", DamageKind.PersonalInjury);
        Finding[] findings = [Liable(Party.Developer, 2), Liable(Party.User, 1), Transfer(Party.Deployer, Party.Developer)];

        var result = Apportioner.Apportion(damage, findings, true);

        Assert.Equal(0m, AmountOf(result, Party.Developer));
        Assert.Equal(600m, AmountOf(result, Party.Deployer));
        Assert.Equal(300m, AmountOf(result, Party.User));
        Assert.Contains("takes over the role of the developer", result.Explanation);
        Assert.Equal([LegalBasis.Fault], result.Shares.Single(s => s.Party == Party.Deployer).Basis);
    }

    [Fact]
    public void Apportion_ExclusionClause_ClearsPartyUnlessVoided()
    {
        var damage = new Damage(100m, "EUR", DamageKind.Property);
        Finding[] clause = [Liable(Party.Developer, 1), Liable(Party.Deployer, 1), Effect(Party.Developer, FindingEffect.ExclusionClause)];
        Finding[] voided = [.. clause, Effect(Party.Developer, FindingEffect.VoidClause)];

        var withClause = Apportioner.Apportion(damage, clause, true);
        var withVoidedClause = Apportioner.Apportion(damage, voided, true);

        Assert.Equal(0m, AmountOf(withClause, Party.Developer));
        Assert.Equal(100m, AmountOf(withClause, Party.Deployer));
        Assert.Equal(50m, AmountOf(withVoidedClause, Party.Developer));
        Assert.Equal(50m, AmountOf(withVoidedClause, Party.Deployer));
        Assert.Contains("is void", withVoidedClause.Explanation);
    }

    [Fact]
    public void Apportion_JointAndSeveral_IsReportedWithInternalShares()
    {
        var damage = new Damage(1000m, "EUR", DamageKind.PersonalInjury);
        Finding[] findings = [Liable(Party.Developer, 3), Liable(Party.Deployer, 1), Effect(Party.Developer, FindingEffect.JointAndSeveral)];

        var result = Apportioner.Apportion(damage, findings, true);

        Assert.True(result.JointAndSeveral);
        Assert.Equal(750m, AmountOf(result, Party.Developer));
        Assert.Equal(250m, AmountOf(result, Party.Deployer));
    }

    [Fact]
    public void Apportion_JointAndSeveralWithOneLiableParty_IsNotReported()
    {
        var damage = new Damage(1000m, "EUR", DamageKind.PersonalInjury);

        var result = Apportioner.Apportion(damage, [Liable(Party.Developer, 1), Effect(Party.Developer, FindingEffect.JointAndSeveral)], true);

        Assert.False(result.JointAndSeveral);
    }

    [Theory]
    [InlineData(50.99, false)]
    [InlineData(51, true)]
    [InlineData(80, true)]
    public void Apportion_FiftyOnePercentBar_BarsAtFiftyOne(double ownFault, bool barred)
    {
        var damage = new Damage(1000.00m, "USD", DamageKind.PersonalInjury);
        decimal fault = (decimal)ownFault;
        Finding[] findings = [Liable(Party.Developer, 1), OwnFault(fault), Effect(Party.InjuredPerson, FindingEffect.RecoveryBar, 51)];

        var result = Apportioner.Apportion(damage, findings, true);

        Assert.Equal(barred ? ApportionmentMethod.Barred : ApportionmentMethod.Proportional, result.Method);
        Assert.Equal(barred ? 1000.00m : 10 * fault, AmountOf(result, Party.InjuredPerson));
        Assert.Equal(1000.00m, result.Shares.Sum(s => s.Amount));
    }

    [Fact]
    public void Apportion_PureComparativeFault_RecoversEvenAtNinetyPercent()
    {
        var damage = new Damage(1000.00m, "USD", DamageKind.PersonalInjury);

        var result = Apportioner.Apportion(damage, [Liable(Party.Developer, 1), OwnFault(90)], true);

        Assert.Equal(100.00m, AmountOf(result, Party.Developer));
        Assert.Equal(900.00m, AmountOf(result, Party.InjuredPerson));
    }

    [Fact]
    public void Apportion_SameInput_GivesSameResult()
    {
        var damage = new Damage(777.77m, "EUR", DamageKind.Property);
        Finding[] findings = [Liable(Party.Developer, 3), Liable(Party.User, 7), OwnFault(12.5m)];

        var first = Apportioner.Apportion(damage, findings, true);
        var second = Apportioner.Apportion(damage, findings, true);

        Assert.Equal(first.Shares.Select(s => (s.Party, s.Amount, s.Percent)), second.Shares.Select(s => (s.Party, s.Amount, s.Percent)));
    }
}
