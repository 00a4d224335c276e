/**
 * A third held-out set of bench/paraphrase.ts: seven web pages of a houseplant-care
 * course, written for issue 16 before any ranking change of the search-recall branch
 * and committed ahead of it. Nothing is tuned on it. Questions are worded the way
 * someone with a wilting plant asks ("drink" for "water", "faucet" for "tap", "the
 * crooks of my plant" for "joints between leaf and stem"), sharing no rare term with the
 * passage that answers them.
 */
import type { EvalSet } from './eval-set.js';

export const houseplants: EvalSet = {
  name: 'houseplants (held out)',
  site: 'The Green Sill',
  pages: [
    {
      slug: 'watering',
      title: 'How Often to Water',
      sections: [
        {
          body: `More houseplants die from too much water than from too little. Roots need air as well as moisture, and soil that stays soggy for days starves them of oxygen until they rot.`,
        },
        {
          heading: 'The finger test',
          body: `Instead of watering on a fixed day of the week, push a finger into the compost up to the second knuckle. If it feels dry at that depth, water thoroughly until liquid runs from the drainage hole; if it still feels damp, wait and check again in a few days.`,
        },
        {
          heading: 'Seasons and temperature',
          body: `Plants grow slowly when days are short and drink far less. Cut back watering from late autumn until spring, and use water at room temperature, because cold water straight from the tap can shock tropical roots.`,
        },
        {
          heading: 'Pots without holes',
          body: `A decorative container with no hole lets water collect at the bottom where you cannot see it. Keep the plant in a plastic nursery pot inside the decorative one and tip out any water left standing after half an hour.`,
        },
      ],
    },
    {
      slug: 'light',
      title: 'Finding the Right Light',
      sections: [
        {
          body: `Light is food for a plant: without enough of it, leaves cannot make the sugars the plant lives on, however well it is watered and fed.`,
        },
        {
          heading: 'Reading the signs',
          body: `A plant that stretches towards the window with long, pale stems and small new leaves is starving for light. Brown, crispy patches on the leaves facing the glass mean the opposite: scorch from strong direct sun.`,
        },
        {
          heading: 'Window directions',
          body: `In the northern hemisphere a south-facing window gets the most sun and suits cacti and succulents; east and west windows give gentler light for most foliage plants; a north window suits ferns and other shade lovers. A few metres back from any window, light falls to a fraction of what it is on the sill.`,
        },
        {
          heading: 'Turning the pot',
          body: `Rotate pots a quarter turn every week or two so that all sides receive their share and the plant grows evenly instead of leaning.`,
        },
      ],
    },
    {
      slug: 'repotting',
      title: 'Repotting and Potting Mix',
      sections: [
        {
          body: `Most houseplants need a bigger pot every one to two years while they are young; mature plants can stay in the same container longer if the compost is refreshed.`,
        },
        {
          heading: 'When it is time',
          body: `Roots circling the inside of the pot or poking out of the drainage hole are the clearest sign. Another is water running straight through and out the bottom, because the root ball has become so dense there is no soil left to hold moisture.`,
        },
        {
          heading: 'Choosing the new pot',
          body: `Go up only one size, about two to five centimetres wider. A much larger pot holds a mass of wet compost that the roots cannot reach, and it stays damp long enough to cause rot.`,
        },
        {
          heading: 'The mix',
          body: `Ordinary garden soil compacts in a container and may carry insects and disease. Use a bagged indoor potting mix, and for orchids a chunky bark blend, which lets air reach their roots.`,
        },
      ],
    },
    {
      slug: 'pests',
      title: 'Dealing with Pests',
      sections: [
        {
          body: `Insects arrive on new plants, on cut flowers and through open windows. Catching them early keeps one infested plant from becoming a whole shelf.`,
        },
        {
          heading: 'Quarantine',
          body: `Keep a new plant away from the others for two to three weeks and inspect the undersides of its leaves before it joins the collection.`,
        },
        {
          heading: 'Common culprits',
          body: `Fungus gnats are tiny black flies that hover around the compost; their larvae live in wet soil, so letting the top layer dry out breaks their life cycle. Spider mites leave fine webbing and speckled leaves and thrive in dry, warm air. Mealybugs look like small tufts of cotton wool in the joints between leaf and stem.`,
        },
        {
          heading: 'Treatment',
          body: `Wipe leaves with a cloth dipped in mild soapy water, or dab mealybugs with a cotton bud soaked in rubbing alcohol. Repeat every few days for two weeks, since eggs hatch after the adults are gone.`,
        },
      ],
    },
    {
      slug: 'humidity',
      title: 'Humidity and Temperature',
      sections: [
        {
          body: `Many popular houseplants come from rainforests, where the air is far wetter than in a heated living room.`,
        },
        {
          heading: 'Signs of dry air',
          body: `Leaf tips that turn brown and papery, and flower buds that drop before opening, usually point to air that is too dry, especially in winter when radiators run all day.`,
        },
        {
          heading: 'Raising humidity',
          body: `Group plants together so that the moisture each releases benefits its neighbours, or stand pots on a tray of pebbles kept topped up with water, with the pot base above the water line. Misting feels helpful but raises humidity only for a few minutes.`,
        },
        {
          heading: 'Draughts and heat',
          body: `Keep plants away from radiators, air-conditioning vents and doors that open onto cold streets. A sudden chill of a few minutes is enough to make a fiddle-leaf fig shed its leaves.`,
        },
      ],
    },
    {
      slug: 'feeding',
      title: 'Feeding Your Plants',
      sections: [
        {
          body: `Potting mix contains only a few months of nutrients; after that, a plant depends on the fertiliser you give it.`,
        },
        {
          heading: 'What the numbers mean',
          body: `The three numbers on a fertiliser label give the share of nitrogen, phosphorus and potassium. Nitrogen drives leafy growth, phosphorus supports roots and flowers, and potassium keeps the plant generally hardy.`,
        },
        {
          heading: 'How much and how often',
          body: `Feed every two to four weeks from spring to late summer at half the strength printed on the bottle, and stop completely in winter. More is not better: excess salts build up in the soil and burn the roots, which shows as a white crust on the surface.`,
        },
        {
          heading: 'Flushing',
          body: `Every few months, run plenty of plain water through the pot in the sink to wash out the accumulated salts.`,
        },
      ],
    },
    {
      slug: 'cuttings',
      title: 'Making New Plants from Cuttings',
      sections: [
        {
          body: `Many houseplants can be multiplied for free from a piece of the parent plant.`,
        },
        {
          heading: 'Stem cuttings',
          body: `Cut a healthy stem just below a node, the slight bump where a leaf joins, and remove the lower leaves. Pothos, tradescantia and monstera root readily in a glass of water placed in bright, indirect light; change the water weekly so it stays fresh.`,
        },
        {
          heading: 'Leaf cuttings',
          body: `Succulents and snake plants grow from a single leaf. Let the cut end dry for a few days until it seals over, then lay it on barely damp gritty compost; pushing a fresh wet cut into soil invites rot.`,
        },
        {
          heading: 'Moving to soil',
          body: `Once water roots are about five centimetres long, plant the cutting in a small pot and keep the compost slightly moist for the first couple of weeks while the roots adjust.`,
        },
      ],
    },
  ],
  questions: [
    {
      q: 'Can I drown my fern by giving it a drink too often?',
      answer: 'Roots need air as well as moisture',
    },
    {
      q: 'How can I tell whether my pot needs a drink today?',
      answer: 'push a finger into the compost up to the second knuckle',
    },
    {
      q: 'Do my plants need as much to drink around Christmas?',
      answer: 'Cut back watering from late autumn until spring',
    },
    {
      q: 'Is icy liquid from the faucet bad for jungle species?',
      answer: 'cold water straight from the tap can shock tropical roots',
    },
    {
      q: 'My fancy ceramic planter has no opening underneath; what should I do?',
      answer: 'Keep the plant in a plastic nursery pot inside the decorative one',
    },
    {
      q: 'Why are the fresh shoots on my plant leggy and colourless?',
      answer: 'starving for light',
    },
    {
      q: 'What causes dry, crunchy marks on the foliage next to the pane?',
      answer: 'scorch from strong direct sun',
    },
    {
      q: 'Which side of the house is best for my desert plants?',
      answer: 'south-facing window gets the most sun and suits cacti',
    },
    {
      q: 'My plant is bending towards the window; how do I keep it upright?',
      answer: 'Rotate pots a quarter turn every week or two',
    },
    {
      q: 'How can I tell my plant has outgrown its container?',
      answer: 'Roots circling the inside of the pot',
    },
    {
      q: 'Can I move it into a much bigger planter so I do not have to do it again soon?',
      answer: 'Go up only one size',
    },
    {
      q: 'Can I just dig up earth from the vegetable patch for my pots?',
      answer: 'Ordinary garden soil compacts in a container',
    },
    {
      q: 'What should I do with a plant I just bought before putting it with the rest?',
      answer: 'Keep a new plant away from the others for two to three weeks',
    },
    {
      q: 'Small dark bugs fly up whenever I touch the pots; how do I get rid of them?',
      answer: 'letting the top layer dry out breaks their life cycle',
    },
    {
      q: 'What are the white fluffy blobs in the crooks of my plant?',
      answer: 'small tufts of cotton wool',
    },
    {
      q: 'How do I clean off the bugs without buying chemicals?',
      answer: 'Wipe leaves with a cloth dipped in mild soapy water',
    },
    {
      q: 'Why are the ends of the fronds turning crisp and tan once the heating comes on?',
      answer: 'air that is too dry',
    },
    {
      q: 'Does spraying the foliage with a spray bottle help?',
      answer: 'Misting feels helpful but raises humidity only for a few minutes',
    },
    {
      q: 'Why did my tree suddenly lose every leaf after a chilly gust from the hallway?',
      answer: 'A sudden chill of a few minutes is enough',
    },
    {
      q: 'What do the three figures on the plant food box stand for?',
      answer: 'nitrogen, phosphorus and potassium',
    },
    {
      q: 'What is the pale, chalky film forming on top of the earth in my pot?',
      answer: 'excess salts build up in the soil',
    },
    {
      q: 'Can a snipped piece of my trailing vine sprout in a jar on the windowsill?',
      answer: 'root readily in a glass of water',
    },
    {
      q: 'Why leave a snapped-off fleshy leaf on the shelf for a while before potting it?',
      answer: 'until it seals over',
    },
    {
      q: 'How long should the new strands be before my sprig leaves the jar for a pot?',
      answer: 'Once water roots are about five centimetres long',
    },
  ],
  offTopic: [
    'How do I change a flat tyre on my car?',
    'What is the quickest way to learn Spanish verbs?',
    'How long is the flight from London to New York?',
    'Which vitamins do oranges contain?',
    'How do I get red wine out of a carpet?',
    'Who painted the ceiling of the Sistine Chapel?',
  ],
};
