// False-hit control: a knowledge-base word used as something else. Generic rules over the words
// around a match, never page-specific lists:
//   name      "Dr. Ginger Alvarez", "Sage Whitfield": a capitalised single-word form next to a title
//             or to another capitalised name word (outside title-case headings)
//   title     "Iron Man", "Iron Maiden", "Valerian and the City of a Thousand Planets"
//   idiom     "iron out", "pumping iron", "smoking gun", "stroke of luck", "anaemic growth"
//   compound  "iron ore", "zinc roofing", "zinc-plated", "cast iron", "iron oxide", "ginger beer"
//   context   the sentence is about something else: "calcium carbonate in limestone" (quarrying),
//             Chromium or Selenium the software, a tropical depression, drug seizures, golf strokes
//   culinary  "2 cloves garlic, minced", "1 tbsp grated ginger" (recipes: food, not a supplement)
//   affiliation  job titles and organisation names: "professor of pediatrics", "Department of
//             Orthopedic Surgery", "American Cancer Society" is not (only "... of/for <field>")
// Page-level rules (recipe pages, mining pages, names repeated on the page) live in analyze.ts.
import type { LexiconConcept, LexiconEntry } from './lexicon';
import { CASE_CAPITAL } from './lexicon';

export type FalseHitReason = 'name' | 'title' | 'idiom' | 'compound' | 'context' | 'culinary' | 'affiliation';

export interface LocalVerdict {
  /** Set when the match is not a mention. */
  reason?: FalseHitReason;
  /** A measure of a food-like botanical ("1 tsp cinnamon"): suppressed on recipe pages. */
  culinaryMeasure?: boolean;
  /** A capitalised single-word form in the middle of a sentence. */
  capitalisedMidSentence?: boolean;
}

const WINDOW = 80;
const URL_BEFORE = /(?:(?:https?:\/\/|www\.)\S*|[@#])$/i;
const URL_AFTER =
  /^(?:\.(?:com|org|net|edu|gov|io|co|uk|de|cz|fr|nl|it|es|info|biz|us|ca|au|in|ru|pl|jp|cn|br|ch|se|no|dk|at|be|nz|ie|tv|me)\b|@[\p{L}\p{N}])/iu;

// ------------------------------------------------------------------------------------------------
// Word lists

const TITLES = new Set(
  (
    'dr doctor mr mrs ms miss mx prof professor sir dame lord lady rev reverend fr father sister sen senator ' +
    'rep representative gov governor judge justice capt captain coach officer sgt sergeant det detective chef ' +
    'aunt uncle president mayor minister nurse dean principal king queen prince princess gen general col ' +
    'colonel lt lieutenant agent inspector cllr councillor councilman councilwoman madam mme mlle herr frau'
  ).split(' '),
);

/**
 * Capitalised words that follow a knowledge-base word in headings, labels and product names
 * ("Zinc Supplements", "Ginger Tea"): not a sign of a personal name.
 */
const HEADING_WORDS = new Set(
  (
    'supplement supplements supplementation tablet tablets pill pills capsule capsules gummies gummy oil oils ' +
    'extract extracts root roots tea teas powder leaf leaves seed seeds juice syrup drops levels level ' +
    'deficiency intake status study studies research trial trials review and or for with in on of to the a ' +
    'an may can could might does do is are was helps help linked link boosts boost cuts cut lowers lower raises ' +
    'raise reduces reduce risk risks benefits benefit side effects effect dose doses dosage facts fact sheet ' +
    'health professional professionals consumer overview guide test tests testing daily use uses safety ' +
    'interactions interaction warning warnings news update updates and vs versus plus source sources foods ' +
    'food diet nutrition vitamin vitamins mineral minerals what why how when who which not no new more less ' +
    'tips best top guide questions answers faq content rich absorption tolerance toxicity poisoning overdose ' +
    'upper limit limits rda ul at a day per needs requirements sources absorption content counts count ' +
    'recommendations recommended deficient overload ' +
    // Research titles: "Determination of Selenium Compounds", "Biomarkers of Zinc Status".
    'compounds compound transporter transporters metabolism homeostasis regulation bioavailability ' +
    'biomarkers biomarker fortification deficiencies excess concentrations concentration exposure ' +
    'intakes forms salts uptake transport signaling signalling'
  ).split(' '),
);

/** Speech verbs around a repeated personal name ("Ginger said"). */
export const SPEECH =
  /^\s*,?\s*(?:said|says|told|tells|explained|explains|added|adds|noted|notes|recalled|recalls|wrote|writes|asked|asks|who|whose)\b/i;

// ------------------------------------------------------------------------------------------------
// Rules over the words immediately before and after a match

interface AdjacentRule {
  /** Concept ids this rule applies to; '*' for all concepts of `kinds`/`categories`. */
  ids?: readonly string[];
  categories?: readonly string[];
  kinds?: readonly string[];
  /** Only when the matched text (lower case) is one of these. */
  texts?: readonly string[];
  /** Tested against the text right after the match (up to WINDOW characters). */
  after?: RegExp;
  /** Tested against the text right before the match. */
  before?: RegExp;
  /** When set, `before` fires only if this also matches the text after. */
  afterRequired?: RegExp;
  reason: FalseHitReason;
}

const METALS = [
  'iron',
  'zinc',
  'copper',
  'calcium',
  'magnesium',
  'manganese',
  'chromium',
  'molybdenum',
  'boron',
  'selenium',
  'phosphorus',
  'potassium',
  'iodine',
  'fluoride',
];

const ADJACENT: readonly AdjacentRule[] = [
  // Titles and proper names built on "Iron".
  {
    ids: ['iron'],
    after:
      /^[\s-]*(?:man|men|maiden|fist|curtain|lady|age|throne|dome|chef|giant|cross|horse|mike|mountain|sky|butterfly|duke|bowl|harvest|heart|bridge|sights|lung|claw|golem|eagle)\b/i,
    reason: 'title',
  },
  // Idioms.
  { ids: ['iron'], after: /^\s+out\b(?!\s+of\b)/i, reason: 'idiom' },
  // Lithium the battery metal, and the muscle enzyme measured in blood tests.
  {
    ids: ['lithium'],
    after:
      /^[\s-]*(?:ion|batter(?:y|ies)|polymer|metal|mines?|mining|reserves?|deposits?|brine|refinery|prices?)\b/i,
    reason: 'compound',
  },
  { ids: ['creatine'], after: /^[\s-]*(?:phospho)?kinase\b/i, reason: 'compound' },
  { ids: ['iron'], after: /^\s+is\s+hot\b/i, reason: 'idiom' },
  {
    ids: ['iron'],
    before: /(?:\b(?:an|his|her|their|its|with|of)|['’]s)\s+$/i,
    afterRequired:
      /^\s+will\b(?!\s+(?:help|be|not|make|give|raise|lower|improve|reduce|increase|cause|boost))/i,
    reason: 'idiom',
  },
  {
    ids: ['iron'],
    after: /^\s+(?:grip|rule|law|discipline|resolve|nerves?|stomach|constitution)\b/i,
    reason: 'idiom',
  },
  { ids: ['iron'], before: /\b(?:pump|pumps|pumped|pumping)\s+$/i, reason: 'idiom' },
  // "No time to iron?", "you iron the shirt": the verb.
  {
    ids: ['iron'],
    before: /\b(?:to|you|i|we|they|don't|never|always|and)\s+$/i,
    reason: 'idiom',
    afterRequired:
      /^\s*(?:[?!.,;:)]|$|(?:the|your|my|his|her|their|our|a|an|it|them|clothes|shirts?|trousers|pants|sheets|linen|creases|wrinkles)\b)/i,
  },
  // Metal objects and materials.
  {
    ids: ['iron'],
    before:
      /\b(?:cast|wrought|pig|scrap|corrugated|soldering|steam|curling|flat|waffle|branding|tire|tyre|angle|galvani[sz]ed|molten|meteoric|sponge|ductile)[\s-]+$/i,
    reason: 'compound',
  },
  {
    ids: ['iron'],
    after:
      /^[\s-]*(?:ore|ores|works|worker|workers|foundry|foundries|smelter|smelters|smelting|mill|mills|gates?|bars?|railings?|rails?|pipes?|piping|mains|skillet|skillets|pan|pans|pot|pots|kettle|fence|fences|fencing|filings|beams?|girders?|railway|railroad|frame|frames|bedstead|stove|oxide|oxides|sulfide|sulphide|rust|plates?|plating|sheets?|nails?|rods?|chains?|shackles|bollards?|lattice|sculpture|statue|balcony|balconies|mine|mines|mining|deposits?)\b/i,
    reason: 'compound',
  },
  {
    ids: ['zinc'],
    after:
      /^[\s-]*(?:roof|roofs|roofing|plated|plating|coat|coated|coating|sheet|sheets|alloy|alloys|mine|mines|mining|smelter|smelters|smelting|ore|ores|price|prices|futures|bar|counter|countertop|battery|batteries|anode|anodes|air|carbon|die|whiskers|cladding|gutter|gutters|bucket|buckets|tub|tubs)\b/i,
    reason: 'compound',
  },
  { ids: ['zinc'], before: /\b(?:galvani[sz]ed|refined|primary|molten|scrap)[\s-]+$/i, reason: 'compound' },
  {
    ids: ['copper'],
    after:
      /^[\s-]*(?:wire|wires|wired|wiring|pipe|pipes|piping|plumbing|roof|roofs|roofing|mine|mines|miner|miners|mining|ore|ores|price|prices|futures|cable|cables|cabling|coin|coins|pot|pots|pan|pans|kettle|kettles|cookware|statue|plate|plated|plating|sheet|sheets|tubing|tube|tubes|foil|coloured|colored|colour|color|hair|haired|tone|tones|toned|bottomed|mountain|canyon|age|smelter|smelters|smelting|cathode|cathodes|concentrate|demand|output|production|exports?|imports?|beech|kettle)\b/i,
    reason: 'compound',
  },
  {
    ids: ['copper'],
    before: /\b(?:refined|scrap|molten|bare|oxygen-free|stranded|tinned)[\s-]+$/i,
    reason: 'compound',
  },
  {
    ids: ['magnesium'],
    after:
      /^[\s-]*(?:alloy|alloys|wheels?|rims?|flares?|fires?|ribbon|casing|chassis|frames?|body|bodies|housing|smelter|smelters)\b/i,
    reason: 'compound',
  },
  { ids: ['phosphorus'], before: /\b(?:white|red)[\s-]+$/i, reason: 'compound' },
  {
    ids: ['iodine'],
    before: /\b(?:radioactive|radio|povidone)[\s-]+$/i,
    reason: 'compound',
  },
  { ids: ['iodine'], after: /^[\s-]*1[23]\d\b/, reason: 'compound' },
  // Inorganic compounds and industrial salts that are not supplement forms (those are listed in
  // the knowledge base and win as longer matches: "zinc oxide", "magnesium citrate").
  {
    ids: METALS,
    after:
      /^[\s-]*(?:oxides?|sulfides?|sulphides?|nitrates?|nitrites?|nitrides?|carbides?|hydroxides?|cyanides?|chlorates?|perchlorates?|permanganates?|dichromates?|chromates?|silicates?|arsenides?|selenides?|tellurides?|phosphides?|bromides?|hydrides?|aluminates?|titanates?|ferrites?|oxalates?|fluorides?|isotopes?|ions?|atoms?|nanoparticles?|powder\s+coating)\b/i,
    reason: 'compound',
  },
  {
    ids: ['chromium'],
    after: /^[\s-]*(?:browser|browsers|based|os|project|engine|plated|plating|trim|bumpers?)\b/i,
    reason: 'compound',
  },
  { ids: ['chromium'], before: /\b(?:hexavalent|google)[\s-]+$/i, reason: 'compound' },
  {
    ids: ['selenium'],
    after:
      /^[\s-]*(?:webdriver|grid|ide|tests?|testing|scripts?|rectifiers?|server|framework|driver|library)\b/i,
    reason: 'compound',
  },
  {
    ids: ['boron'],
    after: /^[\s-]*(?:nitride|carbide|doped|doping|fibers?|fibres?|steel|neutron|control)\b/i,
    reason: 'compound',
  },
  {
    ids: ['manganese'],
    after: /^[\s-]*(?:steel|nodules?|ore|ores|alloy|alloys|mine|mines|mining|dioxide)\b/i,
    reason: 'compound',
  },
  {
    ids: ['molybdenum'],
    after: /^[\s-]*(?:steel|alloy|alloys|ore|mine|mines|mining|disulfide|disulphide)\b/i,
    reason: 'compound',
  },
  // Food and everyday objects named after a botanical.
  {
    ids: ['ginger'],
    after:
      /^[\s-]*(?:hair|haired|beard|bearded|cat|cats|kitten|kittens|tom|tabby|beer|beers|ale|ales|snaps?|biscuits?|cookies?|nuts?|bread|cake|cakes|loaf|group|groups|spice|kid|kids|whiskers|moustache|mustache)\b/i,
    reason: 'compound',
  },
  {
    ids: ['garlic'],
    after:
      /^[\s-]*(?:bread|butter|press|presses|mayo|mayonnaise|aioli|sauce|knots?|naan|prawns?|shrimp|chicken|salt|mushrooms|dip|croutons|fries|oil\s+dressing)\b/i,
    reason: 'compound',
  },
  {
    ids: ['cinnamon'],
    after:
      /^[\s-]*(?:rolls?|buns?|toast|sugar|swirls?|bread|cake|cakes|scrolls?|challenge|doughnuts?|donuts?|pastr(?:y|ies)|latte|candles?)\b/i,
    reason: 'compound',
  },
  {
    ids: ['cranberry'],
    after:
      /^[\s-]*(?:sauce|relish|muffins?|scones?|bread|vodka|cocktails?|bog|bogs|growers?|harvest|farm|farms)\b/i,
    reason: 'compound',
  },
  {
    ids: ['turmeric'],
    after: /^[\s-]*(?:rice|chicken|cauliflower|potatoes|fields?|farmers?|growers?)\b/i,
    reason: 'compound',
  },
  { ids: ['valerian'], after: /^\s+and\s+the\s+city\b/i, reason: 'title' },
  // Laboratory reagents and product attributes.
  {
    ids: ['biotin'],
    after: /^[\s\-‐-―]*(?:streptavidin|avidin|labell?ed|tagged|tag|conjugated?|binding)\b/i,
    reason: 'compound',
  },
  // "since childhood", "her childhood": a time of someone's life, not children as a group.
  {
    ids: ['children'],
    texts: ['childhood'],
    before: /\b(?:since|from|my|his|her|their|your|our)\s+(?:early\s+)?$/i,
    reason: 'idiom',
  },
  {
    ids: ['children'],
    after: /^[-‐-]\s*(?:resistant|proof|safe|friendly|free|sized?|locks?)\b/i,
    reason: 'compound',
  },
  // Trees, hedges and garden plants rather than the supplement.
  {
    categories: ['botanical'],
    after:
      /^[\s-]*(?:trees?|hedges?|hedgerows?|bush|bushes|shrubs?|flowers?|blossoms?|plants|seedlings?|bloom|blooms|petals|gardens?|thickets?|orchards?|wood|bark\s+mulch)\b/i,
    reason: 'context',
  },
  // Conditions and medications: idioms and other senses.
  {
    ids: ['depression'],
    before:
      /\b(?:great|economic|tropical|deep|post-?war|barometric|financial|industrial|agricultural|worldwide|global|long)[\s-]+$/i,
    reason: 'idiom',
  },
  { ids: ['depression'], after: /^[\s-]*era\b/i, reason: 'idiom' },
  {
    ids: ['stroke'],
    after:
      /^s?\s+of\s+(?:luck|genius|midnight|the\s+pen|a\s+pen|fortune|inspiration|brilliance|good\s+luck|bad\s+luck|misfortune|serendipity|fate)\b/i,
    reason: 'idiom',
  },
  {
    ids: ['stroke'],
    after: /^s?[\s-]+(?:play|lead|advantage|deficit|penalty|penalties|rate|count|clear|behind|ahead|back)\b/i,
    reason: 'idiom',
  },
  {
    ids: ['stroke'],
    before:
      /\b(?:brush|breast|back|key|pen|single|master|finishing|opening|two|three|four|five|six|one|heat|sun|broad|bold|sweeping|masterly|brilliant|clever)[\s-]+$/i,
    reason: 'idiom',
  },
  {
    ids: ['epilepsy'],
    before:
      /\b(?:drug|drugs|police|asset|assets|land|property|record|customs|cocaine|heroin|cannabis|weapons?|arms|cargo|power|vessel|ship|border|court-ordered)[\s-]+$/i,
    reason: 'idiom',
  },
  {
    ids: ['smoking'],
    after:
      /^[\s-]+(?:gun|guns|hot|jacket|jackets|crater|ruins|wreckage|barrel|meat|brisket|ribs|salmon|fish|pork|chips|wood)\b/i,
    reason: 'idiom',
  },
  {
    ids: ['smoking'],
    before: /\b(?:offset|pellet|electric|charcoal|vertical|drum|kettle|barrel|gas|propane|meat)[\s-]+$/i,
    reason: 'idiom',
  },
  { ids: ['cancer'], before: /\btropic\s+of\s+$/i, reason: 'idiom' },
  { ids: ['pregnancy'], after: /^[\s-]+(?:pause|pauses|silence|silences)\b/i, reason: 'idiom' },
  {
    ids: ['anemia'],
    after:
      /^[\s-]+(?:growth|sales|recovery|economy|demand|turnout|performance|returns?|earnings|gains?|pace|response|box\s+office|ratings|inflation|investment|spending|wages?|jobs?|hiring|trading|volumes?|markets?|productivity|output|figures|numbers|results|showing|season|offense|attack)\b/i,
    reason: 'idiom',
  },
  {
    ids: ['anemia'],
    texts: ['anemic', 'anaemic'],
    before:
      /\b(?:growth|sales|recovery|economy|demand|turnout|performance|returns?|earnings|gains?|pace|response|ratings|inflation|investment|spending|wages?|jobs?|hiring|trading|volumes?|markets?|productivity|output|figures|numbers|results|offen[cs]e|attack|season|interest)\s+(?:was|were|is|are|has\s+been|have\s+been|remained|remains|looked|looks|seemed|seems|stayed|stays)\s+(?:\w+\s+)?$/i,
    reason: 'idiom',
  },
  {
    ids: ['bipolar-disorder'],
    after:
      /^[\s-]+(?:transistors?|junctions?|world|order|system|politics|power|cells?|neurons?|electrodes?|plates?)\b/i,
    reason: 'idiom',
  },
  {
    kinds: ['medication'],
    texts: [
      'anticoagulant',
      'antiplatelet',
      'sedative',
      'immunosuppressant',
      'anticonvulsant',
      'antiseizure',
      'antiepileptic',
      'diuretic',
    ],
    after:
      /^[\s-]+(?:effects?|properties|property|actions?|activity|activities|qualities|quality|potential|compounds?|constituents?)\b/i,
    reason: 'idiom',
  },
  { ids: ['sedatives'], after: /^\s*[[(]/, reason: 'compound' },
];

/** Sentence words showing a metal or mineral used as a material, commodity or technology. */
const INDUSTRY_WORDS = new Set(
  (
    'ore ores mining mine mines miner miners smelter smelters smelting quarry quarries quarrying limestone chalk ' +
    'marble cement concrete mortar kiln kilns stalactites stalagmites calcite dolomite aragonite gypsum plaster ' +
    'steel steelmaker steelmakers alloy alloys galvanized galvanised galvanizing plated plating roofing foundry ' +
    'metallurgy metallurgical tonnes tonne futures commodity commodities lme refinery refineries excavator ' +
    'excavators deposit deposits seam seams bedrock sediment sediments rock rocks cave caves geologist geologists ' +
    'geology battery batteries cathode cathodes anode anodes electrode electrodes semiconductor semiconductors ' +
    'welding solder soldering corrosion rust rusted pipeline pipelines manufacturing industrial factory factories ' +
    'fertilizer fertiliser fertilizers fertilisers runoff potash explosive explosives gunpowder munitions mined ' +
    'galvanize galvanise tailings'
  ).split(' '),
);

/** Other chemical elements: a mineral listed among them is chemistry, not nutrition. */
const ELEMENT_WORDS = new Set(
  (
    'carbon hydrogen oxygen nitrogen sulfur sulphur helium neon argon krypton xenon silicon aluminum aluminium ' +
    'gold silver platinum palladium uranium plutonium thorium lithium cobalt nickel titanium tungsten tin ' +
    'beryllium gallium germanium indium tantalum niobium vanadium bismuth antimony'
  ).split(' '),
);

/** Sentence words showing fish oil as a commodity or an animal-feed ingredient. */
const FEED_WORDS = new Set(
  (
    'fishmeal fish-meal aquaculture anchovy anchovies feed feeds farmed fisheries fishery trawlers catch ' +
    'tonne tonnes exporters exports futures commodity livestock poultry'
  ).split(' '),
);

/** Sentence words showing software (Chromium, Selenium). */
const SOFTWARE_WORDS = new Set(
  (
    'browser browsers chrome google open-source webdriver automation javascript python java typescript ' +
    'framework frameworks github repository repo api apis developers developer blink webkit electron linux ' +
    'windows macos android ios extension extensions plugin plugins headless playwright puppeteer cypress ' +
    'codebase commit commits compile compiled release releases tabs'
  ).split(' '),
);

/** Sentence words showing gardening, farming or wild plants (for botanicals). */
const GARDEN_WORDS = new Set(
  (
    'garden gardens gardening gardener gardeners perennial perennials hedge hedges hedgerow hedgerows ' +
    'flowerbed flowerbeds pollinators pollinator shrub shrubs pruning prune blossom blossoms foliage hay ' +
    'forage cattle livestock pasture pastures grazing acres bales harvest harvested crop crops farmers ' +
    'growers irrigation weevil weevils compost mulch seedlings nursery landscaping'
  ).split(' '),
);

/** Sentence words showing weather (tropical depression) or economics (the Depression). */
const DEPRESSION_OTHER = new Set(
  (
    'hurricane hurricanes storm storms cyclone cyclones typhoon typhoons landfall winds rainfall ' +
    'forecasters meteorologists meteorological recession recessions unemployment gdp economy economic ' +
    'economists banks banking stock stocks'
  ).split(' '),
);

/** Sentence words showing a seizure of goods or power, not an epileptic seizure. */
const SEIZURE_OTHER = new Set(
  (
    'police customs authorities officers agents seized confiscated smuggling smuggled traffickers trafficking ' +
    'cartel cartels contraband shipment shipments narcotics cocaine heroin cannabis assets property troops ' +
    'regime coup militants rebels coast guard navy'
  ).split(' '),
);

/** Sentence words showing a sports team or match: "Hawthorn beat Geelong", "the Irons". */
/** Chaparral the Californian shrubland, not the herbal product. */
const WILDLAND_WORDS = new Set(
  (
    'fire fires wildfire wildfires blaze blazes burned burning firefighters acres hillside hillsides canyon ' +
    'canyons brush shrubland vegetation habitat ecosystem ecosystems landscape hiking trail trails'
  ).split(' '),
);

/** A skullcap worn on the head or the bone of the skull, not the herb. */
const HEADWEAR_WORDS = new Set(
  (
    'wore wearing wear worn knitted knit hat hats cap caps beanie yarmulke kippah prayer helmet fracture ' +
    'fractured bone bones skull cranium'
  ).split(' '),
);

const SPORT_WORDS = new Set(
  (
    'beat beats defeated defeat win wins won victory draw drew points goals goal quarter half-time halftime ' +
    'premiership league match matches fixture fixtures season coach club clubs squad midfield striker ' +
    'scored score innings wicket wickets afl nfl nba fc'
  ).split(' '),
);

const GOLF_SWIM_PAINT = new Set(
  (
    'golf golfer golfers par birdie birdies bogey bogeys putt putts leaderboard fairway tee swimmer swimmers ' +
    'freestyle breaststroke backstroke rowing rower rowers oar oars brush brushes paintbrush canvas tennis ' +
    'forehand backhand calligraphy'
  ).split(' '),
);

const SENIOR_OTHER = new Set(
  (
    'school graduating graduation graduates varsity juniors sophomores freshmen prom college team seasons side ' +
    'squad players club'
  ).split(' '),
);

interface SentenceRule {
  ids?: readonly string[];
  categories?: readonly string[];
  /** Only when the matched text (lower case) is one of these. */
  texts?: readonly string[];
  words: ReadonlySet<string>;
  reason: FalseHitReason;
  /** Distinct sentence words needed (default 1). */
  min?: number;
  /** Only for a capitalised match. */
  capitalised?: boolean;
}

const SENTENCE_RULES: readonly SentenceRule[] = [
  { categories: ['mineral'], words: INDUSTRY_WORDS, reason: 'context' },
  { categories: ['mineral'], words: ELEMENT_WORDS, reason: 'context', min: 2 },
  { ids: ['chromium', 'selenium'], words: SOFTWARE_WORDS, reason: 'context' },
  {
    ids: ['fish-oil', 'krill-oil', 'cod-liver-oil', 'algal-oil', 'epa', 'dha', 'dpa'],
    words: FEED_WORDS,
    reason: 'context',
  },
  { ids: ['lithium'], words: INDUSTRY_WORDS, reason: 'context' },
  { ids: ['chaparral'], words: WILDLAND_WORDS, reason: 'context' },
  { ids: ['skullcap'], words: HEADWEAR_WORDS, reason: 'context' },
  { categories: ['botanical'], words: GARDEN_WORDS, reason: 'context' },
  { categories: ['botanical', 'mineral'], capitalised: true, words: SPORT_WORDS, reason: 'name', min: 2 },
  { ids: ['depression'], texts: ['depression', 'depressions'], words: DEPRESSION_OTHER, reason: 'idiom' },
  { ids: ['stroke'], texts: ['stroke', 'strokes'], words: GOLF_SWIM_PAINT, reason: 'idiom' },
  { ids: ['epilepsy'], texts: ['seizure', 'seizures'], words: SEIZURE_OTHER, reason: 'idiom' },
  { ids: ['older-adults'], texts: ['seniors'], words: SENIOR_OTHER, reason: 'idiom' },
];

// ------------------------------------------------------------------------------------------------
// Culinary use of food-like botanicals

export const CULINARY_IDS: ReadonlySet<string> = new Set([
  'garlic',
  'ginger',
  'turmeric',
  'cinnamon',
  'fenugreek',
  'cranberry',
  'flaxseed',
  'chamomile',
  'licorice-root',
  'elderberry',
  'acai',
  'noni',
  'yogurt',
  'soy',
]);
const MEASURE_BEFORE =
  /(?:\b\d+(?:[./]\d+)?|[½¼¾⅓⅔]|\b(?:a|an|one|two|three|four|half\s+a|a\s+few|few))\s*(?:tsp|tbsp|tbs|teaspoons?|tablespoons?|cloves?|pinch(?:es)?|dash(?:es)?|inch(?:es)?|cm|knobs?|thumbs?|slices?|sprigs?|sticks?|cups?|heads?|bulbs?|g|grams?|oz|ounces?)\.?\s+(?:of\s+)?(?:(?:freshly|finely|coarsely|roughly|thinly)\s+)?(?:(?:fresh|dried|ground|grated|minced|chopped|crushed|sliced|diced|peeled|powdered|whole|raw|roasted|toasted|plain|natural|greek|low-fat|nonfat|full-fat|unsweetened)\s+)*$/i;
const PER_DAY = /^[^.;!?]{0,40}\b(?:a|per|each|every)\s+day\b|^[^.;!?]{0,40}\bdaily\b/i;
const PREP_BEFORE =
  /\b(?:grated|minced|chopped|crushed|diced|sliced|peeled|julienned|sautéed|sauteed|fried|roasted|toasted|candied|crystallised|crystallized|pickled)\s+(?:fresh\s+)?$/i;
const PREP_AFTER =
  /^\s*(?:,\s*)?(?:peeled|grated|minced|chopped|crushed|finely|thinly|roughly|sliced|diced|to\s+taste|cloves?\b|paste\b|powder\s*,)/i;

// ------------------------------------------------------------------------------------------------

function applies(
  rule: { ids?: readonly string[]; categories?: readonly string[]; kinds?: readonly string[] },
  c: LexiconConcept,
): boolean {
  if (rule.ids && !rule.ids.includes(c.id)) return false;
  if (rule.categories && !(c.category && rule.categories.includes(c.category))) return false;
  if (rule.kinds && !rule.kinds.includes(c.kind)) return false;
  return true;
}

const ADJACENT_BY_CONCEPT = new Map<string, AdjacentRule[]>();
function adjacentRulesFor(c: LexiconConcept): AdjacentRule[] {
  let rules = ADJACENT_BY_CONCEPT.get(c.id);
  if (!rules) {
    rules = ADJACENT.filter((r) => applies(r, c));
    ADJACENT_BY_CONCEPT.set(c.id, rules);
  }
  return rules;
}

const SENTENCE_BY_CONCEPT = new Map<string, SentenceRule[]>();
function sentenceRulesFor(c: LexiconConcept): SentenceRule[] {
  let rules = SENTENCE_BY_CONCEPT.get(c.id);
  if (!rules) {
    rules = SENTENCE_RULES.filter((r) => applies(r, c));
    SENTENCE_BY_CONCEPT.set(c.id, rules);
  }
  return rules;
}

const NOT_SENTENCE_END = new Set([
  'dr',
  'st',
  'mr',
  'mrs',
  'ms',
  'prof',
  'vs',
  'eg',
  'ie',
  'etc',
  'al',
  'no',
  'fig',
  'approx',
  'jr',
  'sr',
]);

/** Bounds of the sentence around [start, end) within a block (at most ~300 characters each way). */
export function sentenceAround(text: string, start: number, end: number): [number, number] {
  let s = start;
  const minS = Math.max(0, start - 300);
  while (s > minS) {
    const c = text[s - 1]!;
    if (c === '\n') break;
    if ((c === '.' || c === '!' || c === '?') && /\s/.test(text[s] ?? ' ')) {
      const word = /([\p{L}]+)$/u.exec(text.slice(Math.max(0, s - 8), s - 1))?.[1]?.toLowerCase();
      if (!word || !NOT_SENTENCE_END.has(word)) break;
    }
    s--;
  }
  let e = end;
  const maxE = Math.min(text.length, end + 300);
  while (e < maxE) {
    const c = text[e]!;
    if (c === '\n') break;
    if ((c === '.' || c === '!' || c === '?') && /\s/.test(text[e + 1] ?? ' ')) {
      const word = /([\p{L}]+)$/u.exec(text.slice(Math.max(0, e - 7), e))?.[1]?.toLowerCase();
      if (!word || !NOT_SENTENCE_END.has(word)) break;
    }
    e++;
  }
  return [s, e];
}

const WORDS_RE = /[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*/gu;

const wordRegexes = new WeakMap<ReadonlySet<string>, RegExp>();
function wordRegex(words: ReadonlySet<string>): RegExp {
  let re = wordRegexes.get(words);
  if (!re) {
    const alt = [...words]
      .sort((a, b) => b.length - a.length)
      .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    re = new RegExp(`(?<![\\p{L}\\p{N}])(?:${alt.join('|')})(?![\\p{L}\\p{N}])`, 'giu');
    wordRegexes.set(words, re);
  }
  return re;
}

/** True when the sentence around [start, end), outside the match, has `min` distinct words of `words`. */
function sentenceHas(text: string, start: number, end: number, words: ReadonlySet<string>, min = 1): boolean {
  const [s, e] = sentenceAround(text, start, end);
  const re = wordRegex(words);
  const found = new Set<string>();
  for (const part of [text.slice(s, start), text.slice(end, e)]) {
    re.lastIndex = 0;
    for (let m = re.exec(part); m; m = re.exec(part)) {
      found.add(m[0].toLowerCase());
      if (found.size >= min) return true;
    }
  }
  return false;
}

const CAP_WORD = /^\p{Lu}[\p{Ll}\p{M}'’]+$/u;
const UPPER_WORD = /^[\p{Lu}\p{N}]+$/u;

/** True when most longer words of the sentence are capitalised (a heading or a title). */
export function isTitleCase(text: string, start: number, end: number): boolean {
  const [s, e] = sentenceAround(text, start, end);
  const words = `${text.slice(s, start)} ${text.slice(end, e)}`.match(/[\p{L}][\p{L}\p{M}'’]*/gu) ?? [];
  let long = 0;
  let caps = 0;
  for (const w of words) {
    if (w.length < 4) continue;
    long++;
    if (/^\p{Lu}/u.test(w)) caps++;
  }
  return long >= 1 && caps / long >= 0.6;
}

/** True when the match begins a sentence or a block. */
export function atSentenceStart(text: string, start: number): boolean {
  let i = start;
  while (i > 0 && /[\s"“‘'([]/.test(text[i - 1]!)) i--;
  if (i === 0) return true;
  const c = text[i - 1]!;
  return (
    c === '.' || c === '!' || c === '?' || c === ':' || c === '\n' || c === '•' || c === '|' || c === '—'
  );
}

/** Word (letters only) right before `start`, with what separates it from the match. */
function wordBefore(text: string, start: number): { word: string; gap: string; at: number } | undefined {
  const m = /([\p{L}][\p{L}\p{M}'’]*)([^\p{L}\p{N}]{0,3})$/u.exec(text.slice(Math.max(0, start - 40), start));
  if (!m) return undefined;
  return { word: m[1]!, gap: m[2]!, at: start - m[0].length };
}

function wordAfter(text: string, end: number): { word: string; gap: string } | undefined {
  const m = /^([^\p{L}\p{N}]{0,3})([\p{L}][\p{L}\p{M}'’]*)/u.exec(text.slice(end, end + 40));
  if (!m) return undefined;
  return { word: m[2]!, gap: m[1]! };
}

// ------------------------------------------------------------------------------------------------
// Everyday words that name a concept only in context (context-forms.ts CONTEXT_FORMS)

/** Words that end the phrase "a cold" when it is the illness ("a cold by a day", "a cold, then"). */
const COLD_AFTER_ILLNESS =
  /^(?:\s*(?:[.,;:!?)\]"”’]|$)|\s+(?:by|for|in|is|was|were|may|might|can|could|will|would|lasts?|lasted|lasting|usually|typically|often|symptoms?|viruse?s?|remed(?:y|ies)|medicines?|treatments?|sufferers?|prevention|duration|episodes?|infections?|germs?|that|which|from|than|if|when|because|but|without|this|last|next|every|each|once|twice|again|recently|yet|so|too|now|soon|during|after|before|while|as|to|at|on|caused|goes|went|comes|came|coming|hits?|strikes?|sets?|starts?|started|or\s+(?:the\s+)?(?:flu|influenza|cough)|and\s+(?:the\s+)?(?:flu|influenza|coughs?|sore\s+throats?|other))\b)/i;
/** Words before "cold" that make it a case of the illness: "a cold", "catch cold", "head cold". */
const COLD_BEFORE_ILLNESS =
  /(?:\b(?:a|common|head|chest|bad|nasty|heavy|streaming|lingering|another|first|catch|catches|catching|caught)\s+|\bthe\s+common\s+)$/i;
/** A job title or an organisation's department named after a field: "professor of pediatrics". */
const TITLE_OF =
  /\b(?:professor|professors|lecturer|chair|director|head|chief|fellow|specialist|consultant)\s+(?:of|in)\s+(?:[\p{L}'’-]+\s+){0,3}$/iu;
const ORGANISATION_OF =
  /\b(?:Department|Dept\.?|Division|School|Institute|College|Faculty|Academy|Society|Association|Journal|Center|Centre|Foundation|Hospital|Clinic|Unit|Section|Service|Board|Council|Federation|Program|Programme)\s+(?:of|for)\s+(?:[\p{L}'’-]+\s+){0,3}$/u;

/** "cold and flu", "cold or flu", "cold/flu": the illness whatever comes before. */
const COLD_WITH_FLU = /^\s*(?:and|or|&|\/)\s*(?:the\s+)?(?:flu|influenza)\b/i;

/**
 * True when "cold" or "colds" at [start, end) is the illness. "colds" is nearly always the illness
 * ("fewer colds", "colds and flu"); bare "cold" is the temperature ("cold water", "a cold autumn")
 * unless an article or a verb of catching comes before it and the noun phrase ends with it.
 */
export function coldIsIllness(surface: string, before: string, after: string): boolean {
  if (/^colds$/i.test(surface)) return !/^\s*sores?\b/i.test(after) && !/\bhots?\s+and\s+$/i.test(before);
  if (COLD_WITH_FLU.test(after)) return true;
  return COLD_BEFORE_ILLNESS.test(before) && COLD_AFTER_ILLNESS.test(after) && !/^\s*sores?\b/i.test(after);
}

/**
 * Checks one match in its block of text. `text` is the block, [start, end) the match within it.
 * Fast: a few anchored regular expressions on short windows; sentence words only for the few
 * concepts that have sentence rules.
 */
export function checkLocal(
  text: string,
  start: number,
  end: number,
  concept: LexiconConcept,
  entry: LexiconEntry,
): LocalVerdict {
  const verdict: LocalVerdict = {};
  if (entry.abbreviation) return verdict;
  const surface = text.slice(start, end);
  const after = text.slice(end, end + WINDOW);
  const before = text.slice(Math.max(0, start - WINDOW), start);
  // Part of a domain name, URL, e-mail address or handle: "Centrum.cz", "@ginger", "/zinc/".
  if (URL_BEFORE.test(before) || URL_AFTER.test(after)) return { reason: 'compound' };
  if (concept.id === 'common-cold' && /^colds?$/i.test(surface) && !coldIsIllness(surface, before, after))
    return { reason: 'idiom' };
  if (concept.kind !== 'supplement' && (TITLE_OF.test(before) || ORGANISATION_OF.test(before)))
    return { reason: 'affiliation' };

  for (const rule of adjacentRulesFor(concept)) {
    if (rule.texts && !rule.texts.includes(surface.toLowerCase())) continue;
    if (rule.afterRequired) {
      if (rule.before?.test(before) && rule.afterRequired.test(after)) return { reason: rule.reason };
      continue;
    }
    if (rule.after?.test(after) || rule.before?.test(before)) return { reason: rule.reason };
  }
  for (const rule of sentenceRulesFor(concept)) {
    if (rule.texts && !rule.texts.includes(surface.toLowerCase())) continue;
    if (rule.capitalised && !CAP_WORD.test(surface)) continue;
    if (sentenceHas(text, start, end, rule.words, rule.min)) return { reason: rule.reason };
  }
  if (
    concept.id === 'epilepsy' &&
    /^seizures?$/i.test(surface) &&
    /^\s+of\s+(?:power|assets?|property|land|goods|documents|records|funds|money|cash|vessels?|ships?|tankers?|oil|narcotics|drugs|cocaine|heroin|weapons|arms|contraband|passports?|territory|control)\b/i.test(
      after,
    )
  )
    return { reason: 'idiom' };

  if (CULINARY_IDS.has(concept.id)) {
    if (PREP_BEFORE.test(before) || PREP_AFTER.test(after)) return { reason: 'culinary' };
    const measure = MEASURE_BEFORE.exec(before);
    if (measure) {
      // "1 tsp. fresh ginger" is an ingredient; "a teaspoon of cinnamon a day" is an intake.
      const kitchen =
        /(?:tsp|tbsp|tbs|teaspoon|tablespoon|clove|pinch|dash|inch|knob|thumb|slice|sprig|stick|cup|head|bulb)/i.test(
          measure[0],
        );
      if (kitchen && !PER_DAY.test(after)) return { reason: 'culinary' };
      verdict.culinaryMeasure = true;
    }
  }

  // Personal names: a capitalised single word (not a brand or a form that is always capitalised).
  const single = !/[\s\-‐-―/]/.test(surface);
  if (single && entry.caseMode !== CASE_CAPITAL && CAP_WORD.test(surface)) {
    const prev = wordBefore(text, start);
    if (prev && TITLES.has(prev.word.toLowerCase()) && /^\.?\s+$/.test(prev.gap)) return { reason: 'name' };
    const heading = isTitleCase(text, start, end);
    const mineral = concept.category === 'mineral';
    const next = wordAfter(text, end);
    const nextIsName =
      !!next &&
      /^ $/.test(next.gap) &&
      (CAP_WORD.test(next.word) || UPPER_WORD.test(next.word)) &&
      !HEADING_WORDS.has(next.word.toLowerCase());
    // In a heading, "Iron Trapdoor" or "Zinc Bar" still names a thing; "Ginger Tea" does not.
    if (nextIsName && (!heading || mineral)) return { reason: 'name' };
    const sentenceStart = atSentenceStart(text, start);
    if (
      !heading &&
      prev &&
      !sentenceStart &&
      /^ $/.test(prev.gap) &&
      CAP_WORD.test(prev.word) &&
      !atSentenceStart(text, prev.at) &&
      !HEADING_WORDS.has(prev.word.toLowerCase())
    )
      return { reason: 'name' };
    if (!heading && !sentenceStart) {
      // Element names are lower case in running text: a capitalised "Chromium" or "Copper" in
      // mid-sentence is a product, a company or a character.
      if (mineral) return { reason: 'name' };
      verdict.capitalisedMidSentence = true;
    }
  }
  return verdict;
}

/** Recipe pages: food-like botanicals with kitchen measures are ingredients, not supplements. */
const RECIPE_CUES =
  /\b(?:preheat|oven|simmer|simmering|stir|whisk|tbsp|tsp|tablespoons?|teaspoons?|servings|serves|ingredients|saucepan|skillet|bake|baking|sauté|saute|minced|chopped|marinade|garnish)\b/gi;

export function isRecipeText(text: string, schemaTypes: readonly string[] = []): boolean {
  if (schemaTypes.some((t) => /recipe/i.test(t))) return true;
  const seen = new Set<string>();
  for (const m of text.matchAll(RECIPE_CUES)) {
    seen.add(m[0].toLowerCase());
    if (seen.size >= 4) return true;
  }
  return false;
}

/** Words that make a sentence on a recipe page a health claim ("ginger may ease nausea"). */
const HEALTH_CLAIM = new Set(
  (
    'nausea inflammation inflammatory study studies research researchers trial trials health healthy supplement ' +
    'supplements symptoms digestion digestive cholesterol immune arthritis pain remedy medicinal medicine ' +
    'benefits blood sugar glucose diabetes cancer heart doctor'
  ).split(' '),
);

/** True when the sentence around [start, end) reads as a health claim. */
export function healthClaimSentence(text: string, start: number, end: number): boolean {
  return sentenceHas(text, start, end, HEALTH_CLAIM);
}

/**
 * Adds one block's recipe cues and industry words to page-wide sets. The scanner calls these per
 * block inside feed(), which the content script already slices, instead of re-reading the whole
 * page in finish().
 */
export function collectRecipeCues(text: string, seen: Set<string>): void {
  if (seen.size >= 4) return;
  for (const m of text.matchAll(RECIPE_CUES)) seen.add(m[0].toLowerCase());
}

export function collectIndustryWords(text: string, seen: Set<string>): void {
  if (seen.size >= 3) return;
  const re = wordRegex(INDUSTRY_WORDS);
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) seen.add(m[0].toLowerCase());
}

/** Mining, metals and materials pages: a bare metal name there is a commodity, not a supplement. */
export function industryWordCount(text: string): number {
  const seen = new Set<string>();
  for (const w of text.toLowerCase().match(WORDS_RE) ?? []) if (INDUSTRY_WORDS.has(w)) seen.add(w);
  return seen.size;
}
