#include "synth/identity.h"

#include <array>
#include <cstdio>
#include <string_view>
#include <vector>

#include "domain/identifiers.h"

namespace haven::synth {
namespace {

template <size_t N>
const char* Pick(Rng& rng, const char* const (&from)[N]) {
  return from[static_cast<size_t>(Uniform(rng, 0, N - 1))];
}

constexpr const char* kBoys[] = {
    "Oliver",  "Jack",   "Harry",   "George",  "Noah",    "Charlie", "Jacob",  "Alfie",
    "Freddie", "Oscar",  "Leo",     "Logan",   "Archie",  "Theo",    "Thomas", "James",
    "Joshua",  "Henry",  "William", "Max",     "Lucas",   "Ethan",   "Isaac",  "Mason",
    "Riley",   "Finley", "Tyler",   "Dylan",   "Liam",    "Kai",     "Jayden", "Callum",
    "Connor",  "Kyle",   "Bradley", "Lewis",   "Ryan",    "Jordan",  "Reece",  "Cameron",
    "Owen",    "Harvey", "Louie",   "Tommy",   "Frankie", "Ronnie",  "Teddy",  "Reggie",
    "Albie",   "Jenson", "Stanley", "Arthur",  "Bobby",   "Elliot",  "Jake",   "Sam",
    "Ben",     "Luke",   "Daniel",  "Matthew", "Nathan",  "Aaron",   "Kian",   "Rhys"};
constexpr const char* kGirls[] = {
    "Olivia",  "Amelia", "Isla",     "Ava",     "Emily",   "Isabella", "Mia",     "Poppy",
    "Ella",    "Lily",   "Jessica",  "Sophie",  "Grace",   "Evie",     "Ruby",    "Chloe",
    "Freya",   "Daisy",  "Phoebe",   "Holly",   "Lucy",    "Megan",    "Erin",    "Scarlett",
    "Millie",  "Lola",   "Maisie",   "Summer",  "Willow",  "Harper",   "Katie",   "Courtney",
    "Chelsea", "Jade",   "Paige",    "Shannon", "Leah",    "Abbie",    "Bethany", "Amber",
    "Kayla",   "Tia",    "Demi",     "Keira",   "Macey",   "Libby",    "Darcey",  "Esme",
    "Rosie",   "Violet", "Florence", "Matilda", "Ivy",     "Hallie",   "Nevaeh",  "Aria",
    "Luna",    "Layla",  "Hannah",   "Laura",   "Rebecca", "Sarah",    "Niamh",   "Eva"};
constexpr const char* kSouthAsianBoys[] = {
    "Mohammed", "Ali",   "Ibrahim", "Yusuf", "Zain",  "Hamza", "Ayaan", "Rayan",
    "Arjun",    "Aarav", "Rohan",   "Imran", "Bilal", "Haris", "Zayan", "Omar"};
constexpr const char* kSouthAsianGirls[] = {"Aisha", "Maryam",  "Fatima", "Zara",  "Hafsa", "Inaya",
                                            "Amira", "Safa",    "Priya",  "Anaya", "Noor",  "Sana",
                                            "Hania", "Khadija", "Alisha", "Eshal"};
constexpr const char* kEastEuropeanBoys[] = {"Jakub",  "Kacper",  "Szymon",  "Filip",
                                             "Antoni", "Mateusz", "Dominik", "Oskar",
                                             "Andrei", "Matei",   "Lukas",   "Tomas"};
constexpr const char* kEastEuropeanGirls[] = {"Zuzanna", "Julia",   "Maja",    "Lena",
                                              "Alicja",  "Natalia", "Oliwia",  "Wiktoria",
                                              "Ioana",   "Daria",   "Emilija", "Karolina"};
constexpr const char* kAfricanBoys[] = {"Tobi",  "Kwame",  "Emmanuel", "Samuel",
                                        "David", "Chidi",  "Tunde",    "Kofi",
                                        "Abdi",  "Daniel", "Joseph",   "Michael"};
constexpr const char* kAfricanGirls[] = {"Amara",    "Abena",  "Chioma",   "Esther",
                                         "Blessing", "Favour", "Precious", "Adaeze",
                                         "Ifeoma",   "Zainab", "Deborah",  "Ruth"};

constexpr const char* kFamily[] = {
    "Smith",     "Jones",     "Taylor",     "Brown",      "Williams",   "Wilson",     "Johnson",
    "Davies",    "Robinson",  "Wright",     "Thompson",   "Evans",      "Walker",     "White",
    "Roberts",   "Green",     "Hall",       "Wood",       "Jackson",    "Clarke",     "Hughes",
    "Edwards",   "Turner",    "Hill",       "Moore",      "Cooper",     "Ward",       "Harris",
    "Martin",    "King",      "Lee",        "Baker",      "Allen",      "Morris",     "Parker",
    "Bennett",   "Shaw",      "Cook",       "Mitchell",   "Atkinson",   "Kelly",      "Lewis",
    "Harrison",  "Morgan",    "Marshall",   "Holmes",     "Dixon",      "Fletcher",   "Barker",
    "Watson",    "Chapman",   "Lawson",     "Hudson",     "Ellis",      "Simpson",    "Bailey",
    "Carter",    "Scott",     "Webster",    "Booth",      "Lockwood",   "Hargreaves", "Brook",
    "Sykes",     "Hirst",     "Priestley",  "Ackroyd",    "Whiteley",   "Haigh",      "Firth",
    "Oldroyd",   "Mellor",    "Stansfield", "Crowther",   "Holroyd",    "Rhodes",     "Dyson",
    "Greenwood", "Sutcliffe", "Pickles",    "Bottomley",  "Lumb",       "Schofield",  "Hepworth",
    "Armitage",  "Beaumont",  "Broadbent",  "Cawthorne",  "Gelder",     "Hinchliffe", "Kaye",
    "Mosley",    "Senior",    "Swift",      "Waddington", "Wainwright", "Walton",     "Whitaker",
    "Horsfall",  "Hanson",    "Ibbotson",   "Jagger",     "Kilner",     "Leadbeater", "Marsden",
    "Naylor",    "Ogden",     "Pearson",    "Quarmby",    "Ramsden",    "Stead",      "Tattersall",
    "Uttley",    "Varley",    "Wilkinson",  "Young",      "Steel",      "Bell",       "Murray",
    "Reid",      "Grant",     "Fraser",     "Stewart",    "Kennedy",    "Doyle",      "Walsh",
    "Byrne",     "Ryan",      "O'Brien",    "Murphy",     "Gallagher",  "Quinn",      "Connolly",
    "McCarthy",  "Fox",       "Hunt",       "Knight",     "Mills",      "Palmer",     "Price",
    "Richards",  "Stevens",   "Webb",       "Wells",      "Cole",       "Dean",       "Foster",
    "Gibson",    "Hayes",     "Holland",    "Jenkins",    "Lloyd",      "Mason",      "Newton",
    "Owen",      "Pratt",     "Riley",      "Sharp",      "Tucker"};
constexpr const char* kSouthAsianFamily[] = {
    "Khan",  "Hussain", "Ahmed",  "Ali",   "Akhtar", "Iqbal",  "Mahmood", "Shah",
    "Patel", "Begum",   "Rashid", "Malik", "Bibi",   "Sharma", "Singh",   "Chaudhry"};
constexpr const char* kEastEuropeanFamily[] = {"Nowak",      "Kowalski",    "Wisniewski", "Wojcik",
                                               "Kaminski",   "Lewandowski", "Popescu",    "Ionescu",
                                               "Kazlauskas", "Petrov",      "Horvath",    "Novak"};
constexpr const char* kAfricanFamily[] = {"Okafor",  "Mensah",    "Adeyemi", "Osei",
                                          "Mohamed", "Abdullahi", "Okonkwo", "Boateng",
                                          "Nwosu",   "Asante",    "Bello",   "Tesfaye"};

constexpr const char* kStreets[] = {
    "Thorne",     "Bawtry",     "Warmsworth",  "Balby",      "Carr",         "Cantley",
    "Wheatley",   "Town Moor",  "Sprotbrough", "Armthorpe",  "Hexthorpe",    "Intake",
    "Bessacarr",  "Hyde Park",  "Belle Vue",   "Cusworth",   "Scawsby",      "Woodlands",
    "Adwick",     "Skellow",    "Carcroft",    "Toll Bar",   "Arksey",       "Kirk Sandall",
    "Barnby Dun", "Stainforth", "Moorends",    "Hatfield",   "Dunsville",    "Edenthorpe",
    "Rossington", "Tickhill",   "Loversall",   "Edlington",  "Warmsworth",   "Conisbrough",
    "Denaby",     "Mexborough", "Barnburgh",   "Harlington", "Sprotborough", "Marr",
    "Hampole",    "Owston",     "Askern",      "Norton",     "Campsall",     "Fishlake"};
constexpr const char* kKinds[] = {"Road",  "Street",   "Avenue", "Close", "Lane",
                                  "Drive", "Crescent", "Grove",  "Way",   "Terrace"};
struct District {
  const char* outward;
  const char* town;
};
constexpr std::array<District, 14> kDistricts = {{{"DN1", "Doncaster"},
                                                  {"DN2", "Doncaster"},
                                                  {"DN3", "Armthorpe"},
                                                  {"DN4", "Balby"},
                                                  {"DN5", "Bentley"},
                                                  {"DN6", "Askern"},
                                                  {"DN7", "Hatfield"},
                                                  {"DN8", "Thorne"},
                                                  {"DN9", "Finningley"},
                                                  {"DN10", "Bawtry"},
                                                  {"DN11", "Rossington"},
                                                  {"DN12", "Conisbrough"},
                                                  {"S64", "Mexborough"},
                                                  {"DN5", "Sprotbrough"}}};
// Letters a postcode's unit may use.
constexpr std::string_view kUnitLetters = "ABDEFGHJLNPQRSTUWXYZ";

}  // namespace

int64_t Uniform(Rng& rng, int64_t lo, int64_t hi) {
  return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
}

bool Chance(Rng& rng, double p) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; }

std::string Ethnicity(Rng& rng) {
  // Roughly the borough's child population: mostly White British.
  static const std::vector<std::pair<const char*, int>> kMix = {
      {"WBRI", 820}, {"WOTH", 45}, {"WIRT", 8}, {"WROM", 10}, {"MWBC", 15}, {"MWAS", 10},
      {"MOTH", 15},  {"APKN", 25}, {"AIND", 6}, {"AOTH", 6},  {"BAFR", 15}, {"BCRB", 3},
      {"CHNE", 3},   {"OOTH", 9},  {"REFU", 3}, {"NOBT", 7}};
  int64_t total = 0;
  for (const auto& [code, w] : kMix) total += w;
  int64_t r = Uniform(rng, 0, total - 1);
  for (const auto& [code, w] : kMix) {
    if (r < w) return code;
    r -= w;
  }
  return "WBRI";
}

std::string GivenName(Rng& rng, const std::string& sex, const std::string& ethnicity) {
  const bool boy = sex == "M";
  if (ethnicity == "APKN" || ethnicity == "AIND" || ethnicity == "AOTH" || ethnicity == "ABAN") {
    return boy ? Pick(rng, kSouthAsianBoys) : Pick(rng, kSouthAsianGirls);
  }
  if ((ethnicity == "WOTH" || ethnicity == "WROM") && Chance(rng, 0.7)) {
    return boy ? Pick(rng, kEastEuropeanBoys) : Pick(rng, kEastEuropeanGirls);
  }
  if ((ethnicity == "BAFR" || ethnicity == "BOTH") && Chance(rng, 0.6)) {
    return boy ? Pick(rng, kAfricanBoys) : Pick(rng, kAfricanGirls);
  }
  return boy ? Pick(rng, kBoys) : Pick(rng, kGirls);
}

std::string FamilyName(Rng& rng, const std::string& ethnicity) {
  if (ethnicity == "APKN" || ethnicity == "AIND" || ethnicity == "AOTH" || ethnicity == "ABAN") {
    return Pick(rng, kSouthAsianFamily);
  }
  if ((ethnicity == "WOTH" || ethnicity == "WROM") && Chance(rng, 0.7)) {
    return Pick(rng, kEastEuropeanFamily);
  }
  if (ethnicity == "BAFR" && Chance(rng, 0.7)) return Pick(rng, kAfricanFamily);
  return Pick(rng, kFamily);
}

namespace {
// A postcode in district `d`: the outward code, a sector digit and two unit letters.
std::string PostcodeIn(Rng& rng, const District& d) {
  std::string pc = std::string(d.outward) + " " + std::to_string(Uniform(rng, 1, 9));
  pc += kUnitLetters[static_cast<size_t>(Uniform(rng, 0, kUnitLetters.size() - 1))];
  pc += kUnitLetters[static_cast<size_t>(Uniform(rng, 0, kUnitLetters.size() - 1))];
  return pc;
}
const District& AnyDistrict(Rng& rng) {
  return kDistricts[static_cast<size_t>(Uniform(rng, 0, kDistricts.size() - 1))];
}
}  // namespace

std::string Postcode(Rng& rng) { return PostcodeIn(rng, AnyDistrict(rng)); }

domain::Address HomeAddress(Rng& rng) {
  const District& d = AnyDistrict(rng);
  domain::Address a;
  a.line1 =
      std::to_string(Uniform(rng, 1, 180)) + " " + Pick(rng, kStreets) + " " + Pick(rng, kKinds);
  a.town = d.town;
  a.postcode = PostcodeIn(rng, d);
  return a;
}

std::string Upn(int la_code, int64_t serial, int school_year) {
  // LA code, a 4-digit school number, the 2-digit year, and a 3-digit serial.
  char body[32];
  std::snprintf(body, sizeof body, "%03d%04d%02d%03d", la_code % 1000,
                static_cast<int>(2000 + (serial / 1000) % 8000), school_year % 100,
                static_cast<int>(serial % 1000));
  const std::string upn = std::string("A") + body;
  return std::string(1, *domain::UpnCheckLetter(upn)) + body;
}

std::string NhsNumber(int64_t serial) {
  // 999 then six digits; the tenth digit is the modulus-11 check. Each serial owns three
  // candidates, and at most one of any two neighbours has the impossible check 10.
  for (int64_t s = serial * 3;; ++s) {
    char digits[32];
    std::snprintf(digits, sizeof digits, "999%06lld", static_cast<long long>(s % 1000000));
    int sum = 0;
    for (int i = 0; i < 9; ++i) sum += (digits[i] - '0') * (10 - i);
    int check = 11 - sum % 11;
    if (check == 11) check = 0;
    if (check == 10) continue;
    return std::string(digits) + static_cast<char>('0' + check);
  }
}

}  // namespace haven::synth
