import type { SeedCourse } from './types.js';

export const cellBiology: SeedCourse = {
  slug: 'how-cells-make-energy',
  title: 'How Cells Make Energy',
  summary:
    'Follow a glucose molecule from the cytosol into the mitochondrion and see how cells turn food into ATP, what happens when oxygen runs out, and how photosynthesis mirrors respiration.',
  subject: { slug: 'biology', name: 'Biology' },
  status: 'published',
  ageDays: 20,
  modules: [
    {
      title: 'Fuel and Power Plants',
      lessons: [
        {
          slug: 'mitochondria-and-atp',
          title: 'Mitochondria and the ATP Economy',
          estimatedMinutes: 8,
          markdown: `## ATP: the cell's energy currency

Cells do not burn food directly to power their work. Instead they capture the energy released from nutrients in a small, reusable molecule: **adenosine triphosphate (ATP)**. Removing the outermost phosphate group to form ADP releases roughly 30 kJ/mol under standard conditions, and considerably more under the conditions inside a living cell. That energy drives muscle contraction, active transport across membranes, and the building of proteins and DNA.

ATP is a currency, not a savings account. A cell holds only a few seconds' worth at any moment and regenerates it continuously from ADP and phosphate. An adult human recycles roughly their own body weight in ATP every day. Most of that regeneration happens in the mitochondria.

## Anatomy of a mitochondrion

A mitochondrion has two membranes, and the space between them matters as much as the membranes themselves:

- **Outer membrane**: smooth and studded with porins, so it is permeable to ions and small molecules.
- **Intermembrane space**: the narrow gap where protons accumulate during respiration.
- **Inner membrane**: folded into *cristae* that greatly increase its surface area. It is nearly impermeable to protons and carries the electron transport chain and ATP synthase.
- **Matrix**: the interior, containing the enzymes of the Krebs cycle, the mitochondrial DNA and ribosomes.

Cells with heavy energy demands, such as heart muscle and neurons, are packed with mitochondria, while mature red blood cells have none at all.

### An ancient partnership

Mitochondria were once free-living bacteria. According to the **endosymbiotic theory**, an ancestral cell engulfed an aerobic bacterium, most likely related to today's alphaproteobacteria, more than 1.5 billion years ago. The evidence is strong:

- Mitochondria have their own small, circular genome. Human mitochondrial DNA has about 16,600 base pairs and 37 genes.
- Their ribosomes resemble bacterial ribosomes more than the cell's own cytoplasmic ones.
- They divide by fission, much as bacteria do, and cannot be built from scratch by the cell.
- Their inner membrane contains cardiolipin, a lipid typical of bacterial membranes.

Because mitochondria in an embryo come almost entirely from the egg, mitochondrial DNA is inherited through the mother, a fact geneticists use to trace maternal lineages.

## The big picture

Cellular respiration breaks down glucose in stages: glycolysis in the cytosol, then pyruvate oxidation and the Krebs cycle in the matrix, and finally oxidative phosphorylation at the inner membrane. The rest of this course follows each stage in turn.`,
        },
        {
          slug: 'glycolysis',
          title: 'Glycolysis: Splitting Sugar',
          estimatedMinutes: 9,
          markdown: `## An ancient, universal pathway

Glycolysis ("sugar splitting") is a sequence of ten enzyme-catalysed reactions that converts one molecule of glucose, with six carbons, into two molecules of pyruvate, with three carbons each. It takes place in the **cytosol**, requires no oxygen, and is found in nearly every living organism. That universality suggests it evolved very early, before Earth's atmosphere contained much oxygen.

## Two phases

Glycolysis first spends energy and then earns it back with interest.

### The investment phase

1. Hexokinase attaches a phosphate from ATP to glucose, trapping it inside the cell as glucose-6-phosphate.
2. The molecule is rearranged into fructose-6-phosphate.
3. **Phosphofructokinase-1 (PFK-1)** spends a second ATP to make fructose-1,6-bisphosphate.
4. Aldolase splits this six-carbon sugar into two three-carbon molecules, which are interconverted so that both proceed as glyceraldehyde-3-phosphate (G3P).

### The payoff phase

Each G3P now passes through five more steps. Along the way it is oxidised, with the electrons captured by NAD+ to form **NADH**, and two phosphate groups are transferred directly to ADP. Making ATP this way, by handing a phosphate from a substrate straight to ADP, is called **substrate-level phosphorylation**.

\`\`\`text
Glucose (6C)
   |  -2 ATP   (hexokinase, PFK-1)
   v
Fructose-1,6-bisphosphate (6C)
   |  aldolase splits
   v
2 x Glyceraldehyde-3-phosphate (3C)
   |  +2 NADH, +4 ATP
   v
2 x Pyruvate (3C)
\`\`\`

## The balance sheet

| Item | Per glucose |
| --- | --- |
| ATP used | 2 |
| ATP produced | 4 |
| Net ATP | 2 |
| NADH produced | 2 |
| Pyruvate produced | 2 |

## Regulation

PFK-1 is the main control point. It is inhibited by high levels of ATP and citrate, signals that the cell already has plenty of energy, and activated by AMP, a signal that energy is running low. This feedback keeps glycolysis matched to demand.

### What happens next

Pyruvate's fate depends on oxygen. With oxygen available, it enters the mitochondrion for complete oxidation. Without it, the cell turns to fermentation to regenerate the NAD+ that glycolysis needs to keep running.`,
        },
      ],
    },
    {
      title: 'Aerobic Respiration',
      lessons: [
        {
          slug: 'krebs-cycle',
          title: 'Pyruvate Oxidation and the Krebs Cycle',
          estimatedMinutes: 10,
          markdown: `## From pyruvate to acetyl-CoA

When oxygen is available, pyruvate is transported from the cytosol into the mitochondrial matrix. There the **pyruvate dehydrogenase complex**, a large multi-enzyme assembly, removes one carbon as CO2, captures electrons as NADH, and attaches the remaining two-carbon acetyl group to coenzyme A. The product, **acetyl-CoA**, is the common entry point for carbohydrates, fats and some amino acids into the next stage.

Because each glucose yields two pyruvates, this step produces 2 CO2 and 2 NADH per glucose.

## The cycle

The Krebs cycle, also called the citric acid cycle or TCA cycle, was worked out by Hans Krebs in 1937. It is a loop: the molecule that starts it is regenerated at the end.

1. Acetyl-CoA (2C) joins **oxaloacetate** (4C) to form **citrate** (6C).
2. Citrate is rearranged into isocitrate.
3. Isocitrate is oxidised and loses a CO2, producing alpha-ketoglutarate (5C) and NADH.
4. Alpha-ketoglutarate loses another CO2, producing succinyl-CoA (4C) and NADH.
5. Succinyl-CoA is converted to succinate, making one GTP (or ATP, depending on the tissue).
6. Succinate is oxidised to fumarate, reducing FAD to **FADH2**. The enzyme, succinate dehydrogenase, is embedded in the inner membrane and doubles as Complex II of the electron transport chain.
7. Fumarate takes up water to become malate.
8. Malate is oxidised back to oxaloacetate, producing a final NADH.

### Yield per turn and per glucose

| Product | Per turn | Per glucose (2 turns) |
| --- | --- | --- |
| CO2 | 2 | 4 |
| NADH | 3 | 6 |
| FADH2 | 1 | 2 |
| GTP or ATP | 1 | 2 |

By the end of the cycle, all six carbons of the original glucose have left as CO2: two during pyruvate oxidation and four in the cycle itself.

## Why the cycle needs oxygen

No step of the Krebs cycle uses oxygen directly. Yet it stops within seconds when oxygen runs out. The reason is that the cycle depends on a steady supply of NAD+ and FAD, and those are regenerated only when the electron transport chain passes electrons on to oxygen. Without an electron sink, the carriers stay loaded and the cycle stalls.

### More than an energy pathway

The cycle is *amphibolic*: it serves both breakdown and synthesis. Cells draw off intermediates to build amino acids, haem and fatty acids, and they replenish them through *anaplerotic* reactions such as the carboxylation of pyruvate to oxaloacetate.`,
        },
        {
          slug: 'electron-transport-chain',
          title: 'The Electron Transport Chain and ATP Synthase',
          estimatedMinutes: 11,
          markdown: `## Cashing in the electron carriers

So far a glucose molecule has yielded only 4 ATP directly. Most of its energy now sits in 10 NADH and 2 FADH2. The **electron transport chain** (ETC) in the inner mitochondrial membrane converts that stored energy into a proton gradient, and **ATP synthase** converts the gradient into ATP. Together these steps are called **oxidative phosphorylation**.

## The chain

Electrons pass through a series of protein complexes, each with a stronger pull on electrons than the last:

- **Complex I** accepts electrons from NADH and pumps four protons from the matrix into the intermembrane space for every pair of electrons.
- **Complex II** (succinate dehydrogenase) accepts electrons from FADH2. It pumps no protons, which is why FADH2 is worth less ATP than NADH.
- **Ubiquinone** (coenzyme Q), a small mobile carrier in the membrane, ferries electrons from Complexes I and II to Complex III.
- **Complex III** passes electrons to cytochrome c and pumps four more protons.
- **Complex IV** (cytochrome c oxidase) hands the electrons to oxygen, which combines with protons to form water, and pumps two protons.

Oxygen is the *final electron acceptor*. This is the real reason we breathe: without oxygen to clear electrons from the end of the chain, the entire process backs up.

## Chemiosmosis

Pumping protons creates an electrochemical gradient across the inner membrane, with more protons and more positive charge on the intermembrane side. Peter Mitchell proposed in 1961 that this **proton-motive force** drives ATP synthesis, an idea so unexpected that it took years to be accepted. He received the Nobel Prize in 1978.

ATP synthase is a genuine rotary motor. Protons flowing back into the matrix through its membrane-embedded rotor turn it, and the rotation changes the shape of catalytic sites in the head, which bind ADP and phosphate and release ATP. Each full rotation produces three ATP.

### The final tally

Current estimates are about 2.5 ATP per NADH and 1.5 ATP per FADH2. Adding everything up gives roughly **30 to 32 ATP per glucose**. Older textbooks quote 36 to 38, based on earlier assumptions about proton stoichiometry.

## When the chain is disrupted

- **Cyanide** and carbon monoxide block Complex IV, halting respiration within minutes.
- **Uncouplers** such as 2,4-dinitrophenol let protons leak back across the membrane without passing through ATP synthase, so energy is released as heat instead of being captured in ATP.
- **Brown fat** does this deliberately: the protein UCP1 (thermogenin) uncouples respiration to keep newborns and hibernating mammals warm.`,
        },
      ],
    },
    {
      title: 'Alternatives and Comparisons',
      lessons: [
        {
          slug: 'fermentation',
          title: 'Fermentation: Life Without Oxygen',
          estimatedMinutes: 8,
          markdown: `## The NAD+ problem

Glycolysis needs a steady supply of NAD+ to accept electrons from glyceraldehyde-3-phosphate. In aerobic respiration, the electron transport chain regenerates NAD+ from NADH. When oxygen is scarce, or in cells that lack mitochondria, the NAD+ pool would run dry within moments and glycolysis would stop.

**Fermentation** solves this problem. It adds one or two steps after glycolysis that pass the electrons from NADH onto pyruvate or a molecule derived from it, regenerating NAD+. Fermentation itself makes no additional ATP; its whole purpose is to keep glycolysis, with its modest 2 ATP per glucose, running.

## Two common routes

### Lactic acid fermentation

The enzyme lactate dehydrogenase transfers electrons from NADH directly to pyruvate, producing **lactate** and NAD+ in a single step. It occurs in:

- Skeletal muscle during intense exercise, when ATP demand outpaces oxygen delivery.
- Red blood cells, which have no mitochondria and rely on it permanently.
- Bacteria such as *Lactobacillus*, which sour milk into yogurt and cabbage into sauerkraut.

Lactate is not simply waste. It travels through the blood to the liver, which converts it back to glucose in the **Cori cycle**, and heart muscle readily oxidises it as fuel. The muscle soreness felt a day or two after hard exercise is not caused by lactate, which is cleared within an hour or so.

### Alcoholic fermentation

Yeasts and some bacteria take two steps. First pyruvate loses a CO2 to become acetaldehyde; then alcohol dehydrogenase transfers electrons from NADH to acetaldehyde, producing **ethanol** and NAD+. The CO2 makes bread rise and puts the bubbles in beer and sparkling wine, while the ethanol is what brewers are after.

## Comparing yields

| Process | Final electron acceptor | ATP per glucose |
| --- | --- | --- |
| Aerobic respiration | Oxygen | About 30 to 32 |
| Lactic acid fermentation | Pyruvate | 2 |
| Alcoholic fermentation | Acetaldehyde | 2 |

Fermentation is roughly fifteen times less efficient, so cells that rely on it must consume glucose much faster.

### Who uses what

*Obligate anaerobes*, including some gut bacteria, cannot use oxygen and may be poisoned by it. *Facultative anaerobes* such as yeast and *E. coli* respire when oxygen is present and ferment when it is not. Many cancer cells ferment glucose to lactate even in the presence of oxygen, a phenomenon known as the **Warburg effect**.`,
        },
        {
          slug: 'photosynthesis-vs-respiration',
          title: 'Photosynthesis and Respiration Compared',
          estimatedMinutes: 10,
          markdown: `## Two halves of one cycle

Photosynthesis and cellular respiration are close to mirror images. Their overall equations run in opposite directions:

\`\`\`text
Photosynthesis:  6 CO2 + 6 H2O + light energy  ->  C6H12O6 + 6 O2
Respiration:     C6H12O6 + 6 O2                ->  6 CO2 + 6 H2O + energy (ATP + heat)
\`\`\`

Photosynthesis stores energy from sunlight in the chemical bonds of sugar, and respiration releases it. Globally, the oxygen made by photosynthesis is what aerobic organisms breathe, and the CO2 they release feeds photosynthesis. A common misconception is that plants photosynthesise *instead* of respiring. In fact plant cells have mitochondria and respire all the time, day and night.

## Inside the chloroplast

Chloroplasts, like mitochondria, descend from engulfed bacteria, in their case cyanobacteria. They contain stacks of flattened membrane sacs called **thylakoids**, surrounded by a fluid called the **stroma**.

### The light-dependent reactions

In the thylakoid membranes, light energises electrons in chlorophyll. Photosystem II replaces its lost electrons by splitting water, which releases O2 as a by-product. The electrons travel down an electron transport chain to Photosystem I, are boosted by light a second time, and finally reduce NADP+ to **NADPH**. As in mitochondria, electron flow pumps protons across a membrane, here into the thylakoid interior, and ATP synthase uses the gradient to make ATP.

### The Calvin cycle

In the stroma, the enzyme **RuBisCO** attaches CO2 to a five-carbon sugar, ribulose bisphosphate. Using ATP and NADPH from the light reactions, the cycle reduces the fixed carbon to G3P, the same three-carbon sugar seen in glycolysis. Fixing three CO2 molecules costs 9 ATP and 6 NADPH and yields one net G3P.

## Side by side

| Feature | Photosynthesis | Cellular respiration |
| --- | --- | --- |
| Organelle | Chloroplast | Mitochondrion (after glycolysis in the cytosol) |
| Energy source | Light | Chemical bonds in food |
| Electron source | Water | Glucose and other fuels |
| Final electron destination | NADPH, then sugar | Oxygen, forming water |
| Electron carrier | NADPH | NADH and FADH2 |
| Proton gradient across | Thylakoid membrane | Inner mitochondrial membrane |
| Gas released | O2 | CO2 |

### The shared machinery

The most striking parallel is chemiosmosis. Both organelles use an electron transport chain to pump protons and an ATP synthase to turn the gradient into ATP. Evolution found one very good way to make ATP and reused it in both directions of the energy cycle.`,
        },
      ],
    },
  ],
  cards: [
    {
      lessonSlug: 'mitochondria-and-atp',
      prompt: 'Which mitochondrial membrane holds the electron transport chain?',
      answer: 'The inner membrane, which is folded into cristae to increase its surface area.',
    },
    {
      lessonSlug: 'mitochondria-and-atp',
      prompt: 'Name two lines of evidence for the endosymbiotic origin of mitochondria.',
      answer:
        'They have their own circular DNA and bacteria-like ribosomes, and they divide by fission like bacteria.',
    },
    {
      lessonSlug: 'glycolysis',
      prompt: 'What is the net yield of glycolysis per glucose?',
      answer: '2 ATP, 2 NADH and 2 pyruvate.',
    },
    {
      lessonSlug: 'glycolysis',
      prompt: 'Which enzyme is the main regulatory point of glycolysis?',
      answer: 'Phosphofructokinase-1 (PFK-1), inhibited by ATP and citrate and activated by AMP.',
    },
    {
      lessonSlug: 'krebs-cycle',
      prompt: 'What does one turn of the Krebs cycle produce?',
      answer: '3 NADH, 1 FADH2, 1 GTP (or ATP) and 2 CO2.',
    },
    {
      lessonSlug: 'krebs-cycle',
      prompt: 'Why does the Krebs cycle stop without oxygen even though it uses none directly?',
      answer:
        'It needs NAD+ and FAD, which are regenerated only when the electron transport chain passes electrons to oxygen.',
    },
    {
      lessonSlug: 'electron-transport-chain',
      prompt: 'What is the final electron acceptor of the mitochondrial electron transport chain?',
      answer: 'Oxygen, which is reduced to water at Complex IV.',
    },
    {
      lessonSlug: 'electron-transport-chain',
      prompt:
        'Roughly how many ATP does aerobic respiration yield per glucose by current estimates?',
      answer: 'About 30 to 32 ATP.',
    },
    {
      lessonSlug: 'fermentation',
      prompt: 'What is the main purpose of fermentation?',
      answer:
        'To regenerate NAD+ from NADH so that glycolysis can keep producing ATP without oxygen.',
    },
    {
      lessonSlug: 'fermentation',
      prompt: 'What are the products of alcoholic fermentation in yeast?',
      answer: 'Ethanol and CO2, with NAD+ regenerated.',
    },
    {
      lessonSlug: 'photosynthesis-vs-respiration',
      prompt: 'In photosynthesis, where does the released oxygen come from?',
      answer: 'From water molecules split by Photosystem II.',
    },
    {
      lessonSlug: 'photosynthesis-vs-respiration',
      prompt: 'Which enzyme fixes CO2 in the Calvin cycle?',
      answer: 'RuBisCO, which attaches CO2 to ribulose bisphosphate.',
    },
  ],
};
