/**
 * The tuning set of bench/paraphrase.ts: six web pages of a bicycle-maintenance course
 * (written for this benchmark, unrelated to the seeded courses and to XQuAD) and
 * questions that reword them. Each question names the passage that answers it by a
 * phrase that occurs only there (`answer`); its wording avoids that passage's rare
 * terms where a learner would (synonyms, other word order, question words).
 */
import type { EvalSet } from './eval-set.js';

export const bicycle: EvalSet = {
  name: 'bicycle (tuning)',
  site: 'Spoke & Chain Workshop',
  pages: [
    {
      slug: 'chain-care',
      title: 'Cleaning and Lubricating Your Chain',
      sections: [
        {
          body: `A clean, lightly oiled chain shifts smoothly, runs quietly and lasts thousands of kilometres longer than a neglected one. Grit that sticks to an over-oiled chain turns into a grinding paste that wears the sprockets along with the chain.`,
        },
        {
          heading: 'Degreasing the drivetrain',
          body: `Shift onto the smallest rear cog and backpedal the chain through a rag soaked in a citrus degreaser. For a very dirty chain, use a clip-on chain scrubber with rotating brushes, then rinse with warm soapy water. Let the chain dry completely before oiling it, because water trapped inside the rollers causes rust from the inside out.`,
        },
        {
          heading: 'Applying lubricant',
          body: `Put one drop of lube on the top of each roller while turning the cranks backwards, then wait five minutes so it can soak into the pins. Finally wipe the outside of the chain with a clean cloth: the lubricant is needed inside the links, and oil left on the outer plates only attracts dirt. Wet lube suits rainy winter riding; dry wax-based lube stays cleaner in dusty summer conditions.`,
        },
        {
          heading: 'Measuring chain wear',
          body: `Chains do not really stretch; the pins and bushings wear, so the pitch between rollers grows. A chain checker gauge drops into the links when elongation reaches 0.5 % or 0.75 %. Replace an 11- or 12-speed chain at 0.5 %; waiting until 1 % usually means the cassette must be replaced too, which costs several times as much as a new chain.`,
        },
      ],
    },
    {
      slug: 'flat-tyre',
      title: 'Fixing a Flat Tyre at the Roadside',
      sections: [
        {
          body: `Most punctures can be fixed in ten minutes with two tyre levers, a spare inner tube or a patch kit, and a mini pump. Practise at home once so the first repair does not happen in the rain.`,
        },
        {
          heading: 'Removing the wheel and tyre',
          body: `Open the brake quick-release if you have rim brakes, shift to the smallest cog, and open the thru-axle or quick-release skewer. Deflate the tube fully, push the tyre bead into the centre channel of the rim all the way round, and hook a lever under the bead opposite the valve. Once one section is over the rim wall, slide the second lever around to free one whole side.`,
        },
        {
          heading: 'Finding the cause',
          body: `Before fitting a new tube, run your fingers slowly around the inside of the casing to find the thorn, glass shard or wire that caused the flat; leave it there and the new tube will be punctured within minutes. Two small parallel slits on the tube, like a snake bite, mean the tyre pressure was too low and the tube was pinched against the rim on a hard impact.`,
        },
        {
          heading: 'Patching or replacing the tube',
          body: `To find a small leak, pump some air into the tube and listen, or hold it under water and watch for a stream of bubbles. Roughen the area with sandpaper, spread a thin layer of vulcanising solution, wait until it turns matt, then press the patch on firmly for a minute. When refitting, tuck the valve in first and finish opposite it, inflating a little to check the tube is not trapped under the bead.`,
        },
      ],
    },
    {
      slug: 'brakes',
      title: 'Adjusting Rim and Disc Brakes',
      sections: [
        {
          body: `Brakes deserve more attention than any other part of the bicycle. Check them before every ride by squeezing each lever hard: it should stop well short of the handlebar and feel firm, not spongy.`,
        },
        {
          heading: 'Rim brake pads',
          body: `Rim brake pads should meet the braking surface squarely, about one millimetre below the top edge of the rim so they never touch the tyre. Set them with a slight toe-in, the front of the pad reaching the rim a fraction before the rear, which stops the brakes from squealing. Replace the pads when the grooves moulded into them have worn away.`,
        },
        {
          heading: 'Cable tension',
          body: `As pads wear the lever travels further before the brake bites. Turn the barrel adjuster at the lever anticlockwise to take up the slack; when it runs out of thread, screw it back in, loosen the cable anchor bolt, pull the cable through with pliers and tighten the bolt again.`,
        },
        {
          heading: 'Disc brakes',
          body: `A rubbing disc rotor can usually be cured by loosening the two caliper mounting bolts, squeezing the lever and holding it while the bolts are retightened, which centres the caliper over the rotor. Keep oil and lubricant spray away from rotors and pads: contaminated pads lose most of their stopping power and must be replaced, not cleaned. A hydraulic brake whose lever feels soft has air in the system and needs bleeding.`,
        },
      ],
    },
    {
      slug: 'gears',
      title: 'Tuning a Rear Derailleur',
      sections: [
        {
          body: `A derailleur that hesitates, clicks or drops the chain is almost always out of adjustment rather than broken. Work through the steps below in order, with the bike in a stand so you can turn the pedals by hand.`,
        },
        {
          heading: 'Limit screws',
          body: `The two limit screws, marked H and L, stop the derailleur from pushing the chain off the end of the cassette. The H screw sets how far the cage can move towards the frame's outside, over the smallest cog; the L screw stops it going past the largest cog into the spokes. Adjust them with the cable slack, and only by quarter turns.`,
        },
        {
          heading: 'Indexing with the barrel adjuster',
          body: `If the chain is slow to climb to bigger cogs, turn the barrel adjuster anticlockwise a quarter turn at a time to add cable tension; if it is slow to drop back down to the smaller ones, turn it clockwise. Shifting is indexed correctly when every click of the lever moves the chain exactly one cog, quickly and without noise.`,
        },
        {
          heading: 'Checking the hanger',
          body: `When no amount of adjusting makes shifting crisp, the derailleur hanger is probably bent, often after the bike fell over on its drive side. The hanger is a small, deliberately soft piece of aluminium that bends to protect the frame. A workshop can straighten it with an alignment gauge, or it can be swapped for an inexpensive new one.`,
        },
      ],
    },
    {
      slug: 'wheels',
      title: 'Tyre Pressure and Wheel Checks',
      sections: [
        {
          body: `The right tyre pressure depends on rider weight, tyre width and the surface, not only on the number printed on the sidewall, which is a maximum rather than a recommendation.`,
        },
        {
          heading: 'Choosing a pressure',
          body: `Wider tyres run at lower pressure: a 25 mm road tyre might need 80 psi for a 75 kg rider, while a 50 mm gravel tyre is happy at 30 psi. Softer tyres grip better and roll faster on rough roads because they absorb bumps instead of bouncing over them. Tubes lose air slowly through the rubber, so top them up at least once a week with a track pump that has a gauge.`,
        },
        {
          heading: 'Spoke tension and trueness',
          body: `Spin each wheel and watch the gap between rim and brake pad, or a zip tie fastened to the frame: a side-to-side wobble means the wheel is out of true. Pluck the spokes like guitar strings; one that sounds much lower than its neighbours is loose. Small wobbles can be corrected with a spoke key by tightening the spokes on the side opposite the bulge by quarter turns.`,
        },
        {
          heading: 'Hub bearings',
          body: `Hold the rim and rock it sideways against the frame: any knocking means the hub bearings are loose. Cup-and-cone hubs are adjusted with thin cone spanners, while sealed cartridge bearings are simply pressed out and replaced when they feel gritty.`,
        },
      ],
    },
    {
      slug: 'safety-check',
      title: 'The Pre-Ride Safety Check',
      sections: [
        {
          body: `A two-minute inspection before setting off catches most of the faults that cause crashes. Many clubs teach it as the M-check, because the route your hands follow over the bike traces the letter M.`,
        },
        {
          heading: 'Front to back',
          body: `Start at the front hub: lift the wheel, spin it and make sure the quick-release lever is closed firmly enough to leave an imprint on your palm. Move up to the handlebar and stem, then down to the pedals and crank arms, and up again to the saddle, checking that nothing turns or creaks under pressure. Finish at the rear hub.`,
        },
        {
          heading: 'Bolts and torque',
          body: `Carbon handlebars, seatposts and stems crack if their bolts are overtightened. Use a torque wrench and the figure printed next to each bolt, often 5 newton metres for stem faceplate bolts, and apply carbon assembly paste so clamps hold without extra force.`,
        },
        {
          heading: 'Lights and visibility',
          body: `Many countries require a white light at the front and a red light at the back after dark, and a rear reflector at all times. Charge battery lights after every long ride; a flashing rear light in daylight makes a cyclist noticeably easier for drivers to see.`,
        },
      ],
    },
  ],
  questions: [
    {
      q: 'Why should I wipe off the extra oil after putting it on the chain?',
      answer: 'oil left on the outer plates only attracts dirt',
    },
    {
      q: 'What kind of lubricant is better when it rains a lot?',
      answer: 'Wet lube suits rainy winter riding',
    },
    {
      q: 'How do I get the grime off the chain before oiling it?',
      answer: 'soaked in a citrus degreaser',
    },
    {
      q: 'Why is it bad to oil a chain that is still wet?',
      answer: 'water trapped inside the rollers causes rust',
    },
    {
      q: 'At what point should a worn chain be swapped for a new one?',
      answer: 'Replace an 11- or 12-speed chain at 0.5 %',
    },
    { q: 'Does a chain actually get longer as it ages?', answer: 'Chains do not really stretch' },
    {
      q: 'What tools do I need to repair a puncture on the road?',
      answer: 'two tyre levers, a spare inner tube or a patch kit',
    },
    {
      q: 'How do I get the tyre off the rim?',
      answer: 'hook a lever under the bead opposite the valve',
    },
    {
      q: 'What does it mean if the tube has two little cuts next to each other?',
      answer: 'like a snake bite',
    },
    {
      q: 'Why check inside the tyre before putting in a fresh tube?',
      answer: 'run your fingers slowly around the inside of the casing',
    },
    { q: 'How can I locate a tiny hole in the tube?', answer: 'watch for a stream of bubbles' },
    {
      q: 'How long do I hold the patch in place?',
      answer: 'press the patch on firmly for a minute',
    },
    {
      q: 'How should the brake blocks line up against the wheel?',
      answer: 'about one millimetre below the top edge of the rim',
    },
    { q: 'My brakes screech when I stop, how do I fix it?', answer: 'slight toe-in' },
    { q: 'When are brake pads worn out?', answer: 'grooves moulded into them have worn away' },
    {
      q: 'The lever goes almost to the bar before the bike slows down; what should I turn?',
      answer: 'Turn the barrel adjuster at the lever anticlockwise to take up the slack',
    },
    {
      q: 'How do I stop the rotor scraping on the caliper?',
      answer: 'centres the caliper over the rotor',
    },
    {
      q: 'Can I clean pads that got oil on them?',
      answer: 'contaminated pads lose most of their stopping power',
    },
    {
      q: 'Why does my hydraulic lever feel mushy?',
      answer: 'has air in the system and needs bleeding',
    },
    {
      q: 'What are the H and L screws for on the rear mech?',
      answer: 'stop the derailleur from pushing the chain off the end of the cassette',
    },
    {
      q: 'The chain is sluggish moving onto larger sprockets; which way do I turn the adjuster?',
      answer: 'turn the barrel adjuster anticlockwise a quarter turn at a time',
    },
    {
      q: 'How can I tell that gear changes are set up right?',
      answer: 'every click of the lever moves the chain exactly one cog',
    },
    {
      q: 'Shifting is still poor after adjusting everything; what could be wrong?',
      answer: 'the derailleur hanger is probably bent',
    },
    {
      q: 'Is the number on the side of the tyre the pressure I should pump to?',
      answer: 'which is a maximum rather than a recommendation',
    },
    {
      q: 'How much air should go in a wide gravel tyre?',
      answer: 'a 50 mm gravel tyre is happy at 30 psi',
    },
    { q: 'How often do I need to inflate my tyres?', answer: 'top them up at least once a week' },
    {
      q: 'How do I find out whether my wheel is bent?',
      answer: 'a side-to-side wobble means the wheel is out of true',
    },
    {
      q: 'How do I tell that a spoke has come loose?',
      answer: 'one that sounds much lower than its neighbours is loose',
    },
    {
      q: 'What does a clunk when I wiggle the wheel sideways tell me?',
      answer: 'any knocking means the hub bearings are loose',
    },
    {
      q: 'Why is the quick inspection before riding named after a letter?',
      answer: 'traces the letter M',
    },
    { q: 'How tight should the quick release be?', answer: 'leave an imprint on your palm' },
    {
      q: 'How do I avoid cracking carbon parts when tightening them?',
      answer: 'Use a torque wrench and the figure printed next to each bolt',
    },
    {
      q: 'What lights must a bike have at night?',
      answer: 'a white light at the front and a red light at the back',
    },
    {
      q: 'Is it worth using a blinking light during the day?',
      answer: 'a flashing rear light in daylight',
    },
  ],
  offTopic: [
    'How many moons does Jupiter have?',
    'What is the capital city of Australia?',
    'Who wrote the novel Pride and Prejudice?',
    'How do I bake sourdough bread at home?',
    'What is the best way to learn a foreign language quickly?',
    'How many players are on a football team?',
    'What causes inflation in an economy?',
    'When did the Second World War end?',
    'How do I reset my email password?',
    'What should I feed a puppy?',
  ],
};
